import Testing

@testable import RehearseAdapters
