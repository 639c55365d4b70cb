namespace Edm.Tracks.Generation;

/// <summary>A rendered track and the ground truth it was rendered from.</summary>
/// <param name="Spec">What was rendered.</param>
/// <param name="Samples">Mono samples in −1…1.</param>
/// <param name="BeatTimes">When each beat of the drums falls, in seconds (none during the intro).</param>
public sealed record SynthesizedTrack(TrackSpec Spec, float[] Samples, IReadOnlyList<double> BeatTimes);
