import CLISupport

/// What a Slurm job asks for, as `#SBATCH` lines. Every value is checked before a script is
/// written, so a mistake is an exit-2 error naming the option rather than a job sbatch rejects.
public struct SlurmResources: Sendable, Equatable {
    public var nodes: Int
    public var tasksPerNode: Int
    public var partition: String?
    public var time: String?
    public var gpusPerNode: Int?
    public var cpusPerTask: Int?
    public var jobName: String
    /// Extra `#SBATCH` options written as given (`--account=proj`, `--exclusive`).
    public var extraArguments: [String]
    /// The job's standard output (`%x` job name, `%j` job id), beside the script.
    public var outputPattern: String?

    public init(nodes: Int, tasksPerNode: Int, partition: String? = nil, time: String? = nil, gpusPerNode: Int? = nil,
                cpusPerTask: Int? = nil, jobName: String, extraArguments: [String] = [], outputPattern: String? = nil) {
        self.nodes = nodes
        self.tasksPerNode = tasksPerNode
        self.partition = partition
        self.time = time
        self.gpusPerNode = gpusPerNode
        self.cpusPerTask = cpusPerTask
        self.jobName = jobName
        self.extraArguments = extraArguments
        self.outputPattern = outputPattern
    }

    /// Tasks in the whole job: one per data-parallel rank, or one per data shard.
    public var totalTasks: Int { nodes * tasksPerNode }

    /// Usage errors (exit 2) naming the option and what it expects.
    public func validate() throws {
        func atLeast(_ minimum: Int, _ value: Int?, _ option: String) throws {
            if let value, value < minimum {
                throw CommandFailure.usage("\(option) must be at least \(minimum), got \(value)")
            }
        }
        try atLeast(1, nodes, "--nodes")
        try atLeast(1, tasksPerNode, "--tasks-per-node")
        try atLeast(0, gpusPerNode, "--gpus-per-node")
        try atLeast(1, cpusPerTask, "--cpus-per-task")
        if let time, !Self.isSlurmTime(time) {
            throw CommandFailure.usage("--time '\(time)': expected minutes, MM:SS, HH:MM:SS, D-HH, D-HH:MM, D-HH:MM:SS or UNLIMITED")
        }
        try Self.requireOneWord(partition, "--partition")
        try Self.requireOneWord(jobName, "--job-name")
        for argument in extraArguments {
            guard argument.hasPrefix("-"), !argument.contains(where: \.isNewline) else {
                throw CommandFailure.usage("--sbatch-arg '\(argument)': expected one sbatch option such as --account=proj (starting with '-', on one line)")
            }
        }
    }

    /// The `#SBATCH` lines, in the order sbatch documents them.
    public func headerLines() -> [String] {
        var options = ["--job-name=\(jobName)", "--nodes=\(nodes)", "--ntasks-per-node=\(tasksPerNode)"]
        if let cpusPerTask { options.append("--cpus-per-task=\(cpusPerTask)") }
        if let gpusPerNode { options.append("--gpus-per-node=\(gpusPerNode)") }
        if let partition { options.append("--partition=\(partition)") }
        if let time { options.append("--time=\(time)") }
        if let outputPattern { options.append("--output=\(outputPattern)") }
        options += extraArguments
        return options.map { "#SBATCH " + $0 }
    }

    /// Slurm's time formats (sbatch(1), --time).
    static func isSlurmTime(_ text: String) -> Bool {
        if ["UNLIMITED", "INFINITE"].contains(text.uppercased()) { return true }
        func numbers(_ part: Substring, count: ClosedRange<Int>) -> Bool {
            let fields = part.split(separator: ":", omittingEmptySubsequences: false)
            return count.contains(fields.count) && fields.allSatisfy { !$0.isEmpty && $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }
        }
        let dayParts = text.split(separator: "-", omittingEmptySubsequences: false)
        switch dayParts.count {
        case 1: return numbers(dayParts[0], count: 1...3)
        case 2: return numbers(dayParts[0], count: 1...1) && numbers(dayParts[1], count: 1...3)
        default: return false
        }
    }

    /// `#SBATCH` values are read up to white space: a partition or job name must be one word.
    private static func requireOneWord(_ value: String?, _ option: String) throws {
        guard let value else { return }
        if value.isEmpty || value.contains(where: { $0.isWhitespace || $0.isNewline }) {
            throw CommandFailure.usage("\(option) '\(value)': expected one word without spaces")
        }
    }
}
