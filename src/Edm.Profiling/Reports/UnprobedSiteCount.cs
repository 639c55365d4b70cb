namespace Edm.Profiling;

/// <summary>
/// Uses of a probed method that the build could not intercept, for one reason: calls made through them
/// run the method without its probe, so the probe's call count leaves them out.
/// </summary>
/// <param name="Reason">
/// Why, as the generator names it: <c>MethodGroup</c> (the method passed as a delegate), <c>BaseCall</c>,
/// <c>ExpressionTree</c>, <c>DynamicCall</c>, <c>ConstrainedCall</c>, … (docs/session-format.md lists them).
/// </param>
/// <param name="Sites">How many uses (places in source), summed over the compilations that registered the probe; not calls.</param>
public sealed record UnprobedSiteCount(string Reason, int Sites);
