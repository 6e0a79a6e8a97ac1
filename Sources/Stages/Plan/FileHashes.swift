import Foundation

/// SHA-256 of the files a stage reads, remembered by path, size and modification time in a cache
/// under the user's cache folder, so that planning a stage over a large table or many precomputed
/// files hashes each file once (a file changed in place changes its size or time, and is hashed
/// again). The cache is only ever a shortcut: a missing or unreadable cache hashes again.
public final class FileHashes: @unchecked Sendable {
    /// `${XDG_CACHE_HOME:-~/.cache}/strata/file-hashes.json`; nil keeps the cache in memory.
    public let cacheFile: String?
    private var entries: [String: Entry] = [:]
    private var loaded = false
    private var dirty = false
    private let lock = NSLock()

    struct Entry: Codable {
        var size: UInt64
        var modified: Double
        var sha256: String
    }

    public init(cacheFile: String? = FileHashes.defaultCacheFile()) {
        self.cacheFile = cacheFile
    }

    public static func defaultCacheFile(environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        let base = environment["XDG_CACHE_HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? environment["HOME"].map { $0 + "/.cache" }
        return base.map { $0 + "/strata/file-hashes.json" }
    }

    /// The SHA-256 of a file, or of a folder (every regular file below it, by relative path and
    /// content, in path order).
    public func sha256(of path: String) throws -> String {
        lock.lock()
        defer { lock.unlock() }
        loadIfNeeded()
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { throw CocoaError(.fileReadNoSuchFile) }
        guard isDirectory.boolValue else { return try fileHash(path) }
        guard let walker = FileManager.default.enumerator(atPath: path) else { throw CocoaError(.fileReadUnknown) }
        var names: [String] = []
        while let name = walker.nextObject() as? String {
            var isFolder: ObjCBool = false
            if FileManager.default.fileExists(atPath: path + "/" + name, isDirectory: &isFolder), !isFolder.boolValue { names.append(name) }
        }
        var listing = ""
        for name in names.sorted() { listing += "\(name.utf8.count):\(name) \(try fileHash(path + "/" + name))\n" }
        return Hex.sha256(Data(listing.utf8))
    }

    /// Writes the cache back when it learned something (atomically; failures are ignored: the
    /// cache only saves time).
    public func save() {
        lock.lock()
        defer { lock.unlock() }
        guard dirty, let cacheFile, let data = try? JSONEncoder().encode(entries) else { return }
        try? FileManager.default.createDirectory(atPath: (cacheFile as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try? data.write(to: URL(fileURLWithPath: cacheFile), options: .atomic)
        dirty = false
    }

    private func fileHash(_ path: String) throws -> String {
        let absolute = Paths.absolute(path)
        let attributes = try FileManager.default.attributesOfItem(atPath: absolute)
        let size = (attributes[.size] as? NSNumber)?.uint64Value ?? 0
        let modified = (attributes[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
        if let known = entries[absolute], known.size == size, known.modified == modified { return known.sha256 }
        let hash = try Hex.sha256(file: absolute)
        entries[absolute] = Entry(size: size, modified: modified, sha256: hash)
        dirty = true
        return hash
    }

    private func loadIfNeeded() {
        guard !loaded else { return }
        loaded = true
        guard let cacheFile, let data = FileManager.default.contents(atPath: cacheFile),
              let decoded = try? JSONDecoder().decode([String: Entry].self, from: data) else { return }
        entries = decoded
    }
}
