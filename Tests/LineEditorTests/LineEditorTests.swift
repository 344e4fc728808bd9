import Testing

@testable import LineEditor
