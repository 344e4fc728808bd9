import Testing

@testable import RehearseCore

@Suite struct PracticePlanTests {
  @Test func sameSeedGivesTheSameOrder() {
    var first = SeededGenerator(seed: 42)
    var second = SeededGenerator(seed: 42)
    let ids = ["a", "b", "c", "d", "e", "f"]
    #expect(PracticePlan.pick(3, from: ids, using: &first) == PracticePlan.pick(3, from: ids, using: &second))
  }
}
