/// The column names of a table and where each one is.
public struct TableHeader: Sendable, Equatable {
    public private(set) var names: [String]
    private var positions: [String: Int]

    public init(_ names: [String]) {
        self.names = names
        positions = [:]
        for (index, name) in names.enumerated() where positions[name] == nil { positions[name] = index }
    }

    public func index(of name: String) -> Int? { positions[name] }

    public func contains(_ name: String) -> Bool { positions[name] != nil }

    /// Appends each name not yet present, and returns the index of every requested name.
    @discardableResult
    public mutating func ensure(_ wanted: [String]) -> [Int] {
        wanted.map { name in
            if let index = positions[name] { return index }
            names.append(name)
            positions[name] = names.count - 1
            return names.count - 1
        }
    }
}

/// One record, read with the header it belongs to. Missing trailing fields read as "".
public struct TableRow: Sendable, Equatable {
    public var fields: [String]
    /// The line the record starts on in its file (1-based; the header is line 1).
    public var line: Int
    /// Its position among the table's rows (0-based).
    public var index: Int

    public init(fields: [String], line: Int = 0, index: Int = 0) {
        self.fields = fields
        self.line = line
        self.index = index
    }

    public subscript(index: Int?) -> String {
        get { index.flatMap { $0 < fields.count ? fields[$0] : nil } ?? "" }
        set {
            guard let index else { return }
            if index >= fields.count { fields += Array(repeating: "", count: index - fields.count + 1) }
            fields[index] = newValue
        }
    }

    /// Pads to the header's width so that every written record has one field per column.
    public mutating func pad(to count: Int) {
        if fields.count < count { fields += Array(repeating: "", count: count - fields.count) }
    }
}

/// Streams the rows of a CSV table that has a header line.
public final class TableReader {
    public let path: String
    public let header: TableHeader
    /// The folder relative paths in the table are relative to.
    public let folder: String
    private let reader: CSVReader
    private var rowsRead = 0

    public init(path: String) throws {
        self.path = path
        reader = try CSVReader(path: path)
        guard let names = try reader.next() else {
            throw TableError(path: path, message: "the table is empty: expected a header line such as \"path,text\"")
        }
        header = TableHeader(names)
        folder = parentFolder(of: path)
    }

    /// The next row; a row with more fields than the header is an error naming its line.
    public func next() throws -> TableRow? {
        guard let fields = try reader.next() else { return nil }
        guard fields.count <= header.names.count else {
            throw TableError(path: path, line: reader.recordLine,
                             message: "\(fields.count) fields, but the header has \(header.names.count) columns")
        }
        var row = TableRow(fields: fields, line: reader.recordLine, index: rowsRead)
        rowsRead += 1
        row.pad(to: header.names.count)
        return row
    }

    /// Up to `count` rows that pass `include`; empty at the end.
    public func next(_ count: Int, where include: (TableRow) -> Bool = { _ in true }) throws -> [TableRow] {
        var rows: [TableRow] = []
        rows.reserveCapacity(count)
        while rows.count < count, let row = try next() {
            if include(row) { rows.append(row) }
        }
        return rows
    }

    /// A path from the table, made usable: absolute paths stay, relative ones join the table's folder.
    public func resolve(_ mediaPath: String) -> String { resolvePath(mediaPath, relativeTo: folder) }
}

/// A whole table in memory (for small tables and tests; the verbs stream).
public struct Table: Sendable, Equatable {
    public var header: TableHeader
    public var rows: [TableRow]

    public init(header: TableHeader, rows: [TableRow]) {
        self.header = header
        self.rows = rows
    }

    public static func read(_ path: String) throws -> Table {
        let reader = try TableReader(path: path)
        var rows: [TableRow] = []
        while let row = try reader.next() { rows.append(row) }
        return Table(header: reader.header, rows: rows)
    }

    public func write(to path: String) throws {
        let writer = try CSVWriter(path: path)
        try writer.write(header.names)
        for row in rows {
            var padded = row
            padded.pad(to: header.names.count)
            try writer.write(padded.fields)
        }
        try writer.commit()
    }

    public func column(_ name: String) -> [String]? {
        guard let index = header.index(of: name) else { return nil }
        return rows.map { $0[index] }
    }
}

public func resolvePath(_ path: String, relativeTo folder: String) -> String {
    if path.hasPrefix("/") || folder.isEmpty || folder == "." { return path }
    return folder.hasSuffix("/") ? folder + path : folder + "/" + path
}

public func parentFolder(of path: String) -> String {
    guard let slash = path.lastIndex(of: "/") else { return "." }
    return slash == path.startIndex ? "/" : String(path[..<slash])
}
