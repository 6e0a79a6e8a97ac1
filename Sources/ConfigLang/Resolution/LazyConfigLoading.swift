/// Loading mmengine's new-style configs: `with read_base(): from .._base_.x import *` names base
/// config *modules* (dots climb directories, as in a relative import), each read as a new-style
/// module itself; their names become the file's names, nothing is merged.
extension ConfigLoader {
    func lazyModule(_ file: PythonConfigFile, path: String, absolute: String, substituted: TextSubstitution, chain: [String], files: inout [String]) throws -> PythonLazyModule {
        if substituted.changedText {
            throw PythonSyntax.unsupported("`{{ ... }}` substitution in a new-style config (mmengine substitutes nothing there)", at: SourceLocation(file: path, line: 1, column: 1))
        }
        var bases: [String: PythonLazyModule] = [:]
        for base in try file.lazyBaseImports() where bases[base.key] == nil {
            guard base.level > 0 else {
                throw PythonSyntax.unsupported("base config '\(base.module)' from an installed package (strata reads relative bases only)", at: base.location)
            }
            let climbs = Array(repeating: "..", count: base.level - 1)
            let relative = (climbs + [base.module.replacingOccurrences(of: ".", with: "/") + ".py"]).joined(separator: "/")
            let basePath = FilePaths.base(relative, namedBy: path)
            let (document, baseAbsolute, baseSubstituted) = try readDocument(basePath, namedAt: base.location, chain: chain + [absolute], files: &files)
            guard case .python(let baseFile) = document else {
                throw ConfigError(.unsupportedFormat, "'\(basePath)' is not a Python config; `with read_base():` imports Python modules", at: base.location)
            }
            if let declaration = baseFile.statements.first(where: PythonConfigFile.isBaseDeclaration) {
                throw ConfigError(.pythonEval, "'\(basePath)' sets _base_, but a base of a new-style config must be new-style too", at: declaration.location)
            }
            bases[base.key] = try lazyModule(baseFile, path: basePath, absolute: baseAbsolute, substituted: baseSubstituted, chain: chain + [absolute], files: &files)
        }
        return try file.evaluateLazy(bases: bases)
    }
}
