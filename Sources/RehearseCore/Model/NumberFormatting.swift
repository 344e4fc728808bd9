/// A score, points or a mean as Rehearse prints it everywhere: rounded to one decimal,
/// without a trailing `.0` ("12", "12.5", "-0.5").
///
/// The one way numbers are printed in reports, tables, exports and charts. Written with
/// integer arithmetic rather than `String(format: "%.1f")`, which cost a third of
/// `rehearse history`'s run at 10,000 sessions; the result is the same for every value
/// (`NumberFormattingTests` compares the two). Values that are not finite or beyond 1e15
/// are printed as Swift prints them.
public func format(_ value: Double) -> String {
  let tenths = (value * 10).rounded()
  guard tenths.isFinite, tenths.magnitude < 1e16 else { return "\(value)" }
  let magnitude = Int(tenths).magnitude
  let whole = String(magnitude / 10)
  let sign = tenths < 0 && magnitude != 0 ? "-" : ""
  return magnitude % 10 == 0 ? sign + whole : sign + whole + "." + String(magnitude % 10)
}
