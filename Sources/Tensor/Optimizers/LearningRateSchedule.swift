import Foundation

/// The learning rate as a pure function of the step, so a resumed run gets exactly the rates of an
/// uninterrupted one.
///
/// Warmup is Open-Sora's `LinearWarmupLR` (opensora/utils/optimizer.py): for step s < W,
///   lr(s) = initial + (s + 1)/(W + 1) · (base − initial)
/// and `base` from step W on. Open-Sora creates it with `initial_lr = 1e-6` whenever `warmup_steps`
/// is set (0 gives a constant rate), and no scheduler at all when it is None (also constant).
/// After warmup the rate is either constant or follows a cosine from `base` down to `floor` over
/// the remaining `totalSteps − W` steps (as torch's `CosineAnnealingLR`, `eta_min = floor`), then
/// stays at `floor` (torch's closed form would climb back up; we hold). Open-Sora's own cosine
/// option (ColossalAI's `CosineAnnealingWarmupLR`) warms up as (s + 1)/W · base instead; we use the
/// `LinearWarmupLR` ramp for both so the warmup does not change with the decay.
///
/// The step index is Open-Sora's: its trainer calls `lr_scheduler.step()` after every micro-step
/// (also those that only accumulate gradients), so the rate used by the optimizer update taken
/// at micro-step g (0-based `global_step`) is lr(g). With `accumulation_steps = 1` this is the
/// optimizer step index.
public struct LearningRateSchedule: Sendable, Equatable {
    public enum Decay: Sendable, Equatable {
        case constant
        /// Cosine from the base rate to `floor`, reaching it at step `totalSteps`.
        case cosine(totalSteps: Int, floor: Double)
    }

    public var baseLR: Double
    public var warmupSteps: Int
    public var initialLR: Double
    public var decay: Decay

    /// `initialLR` defaults to Open-Sora's hard-coded 1e-6.
    public init(baseLR: Double, warmupSteps: Int = 0, initialLR: Double = 1e-6, decay: Decay = .constant) {
        precondition(warmupSteps >= 0, "negative warmup")
        self.baseLR = baseLR
        self.warmupSteps = warmupSteps
        self.initialLR = initialLR
        self.decay = decay
    }

    /// The rate at step `step` (0-based), in Double as Python computes it.
    public func rate(atStep step: Int) -> Double {
        if step < warmupSteps {
            return initialLR + Double(step + 1) / Double(warmupSteps + 1) * (baseLR - initialLR)
        }
        switch decay {
        case .constant:
            return baseLR
        case let .cosine(totalSteps, floor):
            let span = totalSteps - warmupSteps
            guard span > 0 else { return floor }
            let progress = Double(min(step - warmupSteps, span)) / Double(span)
            return floor + (baseLR - floor) * (1 + cos(Double.pi * progress)) / 2
        }
    }

    /// The rate at `step`, as the Float the optimizers take.
    public func learningRate(atStep step: Int) -> Float { Float(rate(atStep: step)) }
}
