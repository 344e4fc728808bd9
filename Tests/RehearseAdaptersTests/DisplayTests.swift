import Foundation
import RehearseCore
import Testing

@testable import RehearseAdapters

/// `Display.dateTime` writes its digits one by one (one per `history` row); the plain,
/// interpolated way must give the same text.
@Suite struct DisplayTests {
  @Test(arguments: ["UTC", "America/New_York", "Asia/Kolkata", "Australia/Lord_Howe"])
  func dateTimesAreWrittenAsThePlainWayWritesThem(zone: String) throws {
    let timeZone = try #require(TimeZone(identifier: zone))
    var random = SeededGenerator(seed: 7)
    var fast = TimeZoneOffsets(timeZone)
    var plain = TimeZoneOffsets(timeZone)
    // From 1900 to 2200, plus the edges of the four-digit years the fast way covers.
    var times = (0..<5_000).map { _ in Double.random(in: -2_208_988_800...7_258_118_400, using: &random) }
    times += [-62_167_219_200, -62_167_219_201, 253_402_300_799, 253_402_300_800, 0, -0.5, 1_790_000_000]
    for time in times.sorted() {
      let date = Date(timeIntervalSince1970: time)
      #expect(Display.dateTime(date, offsets: &fast) == Display.plainDateTime(date, offsets: &plain), "\(time)")
    }
    #expect(Display.dateTime(Date(timeIntervalSince1970: 1_790_000_000), in: .gmt) == "2026-09-21 14:13")
  }
}
