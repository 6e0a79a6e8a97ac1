import ConfigLang

/// Along an edge parent → child (the child starts from the parent's weights), every weight-shaping
/// value must be equal unless the child lists its path in `declared_changes`.
public enum Contracts {
    public static func check(child: ResolvedStage, parent: ResolvedStage, validator: SchemaValidator) throws {
        let parentValues = Dictionary(validator.roledValues(of: parent.config).filter { $0.role == .weights }.map { ($0.path, $0) },
                                      uniquingKeysWith: { first, _ in first })
        let childValues = validator.roledValues(of: child.config).filter { $0.role == .weights }
        let weightPaths = Set(childValues.map(\.path)).union(parentValues.keys)
        for (path, node) in child.declaredChanges where !weightPaths.contains(path) {
            let known = weightPaths.sorted()
            let hint = Suggestions.closest(to: path, among: known).map { "; did you mean '\($0)'?" } ?? ""
            throw SchemaValidator.error("declared_changes: '\(path)' is not a weight-shaping parameter\(hint); only those need declaring (\(known.joined(separator: ", ")))", at: node, kind: .stageGraph)
        }
        let declared = Set(child.declaredChanges.map(\.path))
        var errors: [ConfigError] = []
        for value in childValues where !declared.contains(value.path) {
            guard let other = parentValues[value.path], other.value != value.value else { continue }
            var error = SchemaValidator.error(
                "stage '\(child.name)' starts from the weights of stage '\(parent.name)', but \(value.path) differs: \(PythonRepr.render(other.value)) in \(parent.name) → \(PythonRepr.render(value.value)) in \(child.name); if intended, add \(value.path) to declared_changes in \(child.configFile)",
                at: value.node, kind: .stageGraph)
            error.notes.append(.init("\(parent.name)'s \(value.path) = \(PythonRepr.render(other.value)) comes from \(other.node.origin?.description ?? "?")", at: other.node.origin?.location))
            error.notes.append(.init("\(child.name)'s \(value.path) = \(PythonRepr.render(value.value)) comes from \(value.node.origin?.description ?? "?")", at: value.node.origin?.location))
            errors.append(error)
        }
        if !errors.isEmpty { throw SchemaErrors(errors) }
    }
}
