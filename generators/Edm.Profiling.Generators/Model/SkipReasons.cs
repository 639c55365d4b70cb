namespace Edm.Profiling.Generators.Model;

/// <summary>Facts about <see cref="SkipReason"/> values that more than one analyzer needs.</summary>
internal static class SkipReasons
{
    /// <summary>
    /// Reasons that hold for some target frameworks only: the same source is probed on net8.0/net10.0
    /// and skipped on netstandard2.0. A library that multi-targets must not get a warning (EDM001) in
    /// one of its builds for an annotation that works in the others, nor an EDM011 whose fix would
    /// opt the method out everywhere, so these are reported at the call sites only, as EDM002
    /// (information), where the skip happens.
    /// </summary>
    public static bool DependsOnTarget(SkipReason reason) =>
        reason is SkipReason.InaccessibleWithoutUnsafeAccessor or SkipReason.ResultTypeNotProbed;
}
