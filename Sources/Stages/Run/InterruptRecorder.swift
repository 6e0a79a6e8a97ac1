import Foundation

/// Ctrl-C (SIGINT) and SIGTERM while a stage trains: the run record says `interrupted`, with the
/// time, and one line says how to continue; then the process ends with the signal's status.
///
/// The signal handler only notes the signal (all a handler may safely do); a watcher thread does
/// the writing. A handler, unlike an ignored signal, is reset in programs this process starts, so
/// a trainer it runs (torchrun) still stops on Ctrl-C as usual.
public enum InterruptRecorder {
    /// The record to mark and the line to print, while a stage trains.
    private static let current = Mutex()
    nonisolated(unsafe) private static var caught: Int32 = 0
    nonisolated(unsafe) private static var installed = false

    private final class Mutex: @unchecked Sendable {
        let lock = NSLock()
        var record: RunRecord?
        var writes = false
        var hint = ""
    }

    /// Marks `record` as the one a signal interrupts (`writes`: this process writes run records).
    public static func begin(_ record: RunRecord, writes: Bool, hint: String) {
        current.lock.lock()
        current.record = record
        current.writes = writes
        current.hint = hint
        current.lock.unlock()
        installOnce()
    }

    /// The stage ended by itself: a signal now interrupts nothing.
    public static func end() {
        current.lock.lock()
        current.record = nil
        current.lock.unlock()
    }

    private static func installOnce() {
        guard !installed else { return }
        installed = true
        signal(SIGINT) { number in InterruptRecorder.caught = number }
        signal(SIGTERM) { number in InterruptRecorder.caught = number }
        let watcher = Thread {
            // A parent may have started this process with the signals blocked (they stay blocked
            // across exec): this thread takes them whatever the others' masks say.
            var signals = sigset_t()
            sigemptyset(&signals)
            sigaddset(&signals, SIGINT)
            sigaddset(&signals, SIGTERM)
            pthread_sigmask(SIG_UNBLOCK, &signals, nil)
            while caught == 0 { usleep(50_000) }
            finish(signal: caught)
        }
        watcher.start()
    }

    private static func finish(signal number: Int32) -> Never {
        current.lock.lock()
        if var record = current.record {
            // In a data-parallel job a failing rank records its failure, then the launcher stops
            // the others with SIGTERM: the failure is the truth, keep it.
            let failedElsewhere = (try? RunRecord.read(record.directory))?.status == .failed
            // Rank 0 alone records and speaks: every rank of a job gets the signal, and the line
            // once is enough; after another rank's failure, that rank has said why.
            if current.writes, !failedElsewhere {
                record.status = .interrupted
                record.ended = RunRecord.timestamp(Date())
                try? record.write()
                let why = number == SIGINT ? "interrupted (Ctrl-C)" : "stopped (SIGTERM)"
                FileHandle.standardError.write(Data("\nstrata: \(record.stage): \(why) in \(record.directory); \(current.hint)\n".utf8))
            }
        }
        // _exit: the training threads are still running; tearing down the runtime under them can crash.
        _exit(128 + number)
    }
}
