/// A colour the demo draws and names in captions.
public struct DemoColour: Sendable, Hashable {
    public var name: String
    public var red: UInt8
    public var green: UInt8
    public var blue: UInt8

    public var rgb: [UInt8] { [red, green, blue] }

    /// Euclidean distance in RGB.
    public func distance(to other: DemoColour) -> Double {
        let dr = Double(red) - Double(other.red), dg = Double(green) - Double(other.green), db = Double(blue) - Double(other.blue)
        return (dr * dr + dg * dg + db * db).squareRoot()
    }
}

/// Eight colours whose names mean one thing to anyone, spread out in RGB so that a model (and a
/// lossy 4:2:0 encode) cannot confuse them: every pair is at least 100 apart (orange sits between
/// red and yellow and is the closest to both).
public let demoPalette: [DemoColour] = [
    DemoColour(name: "red", red: 210, green: 25, blue: 30),
    DemoColour(name: "green", red: 40, green: 170, blue: 60),
    DemoColour(name: "blue", red: 40, green: 70, blue: 220),
    DemoColour(name: "yellow", red: 250, green: 230, blue: 45),
    DemoColour(name: "white", red: 245, green: 245, blue: 245),
    DemoColour(name: "black", red: 20, green: 20, blue: 20),
    DemoColour(name: "orange", red: 245, green: 125, blue: 20),
    DemoColour(name: "purple", red: 135, green: 50, blue: 175),
]

/// The palette colour nearest to an RGB value (how tests read back what was drawn).
public func nearestDemoColour(_ red: UInt8, _ green: UInt8, _ blue: UInt8) -> DemoColour {
    let probe = DemoColour(name: "", red: red, green: green, blue: blue)
    return demoPalette.min { $0.distance(to: probe) < $1.distance(to: probe) }!
}
