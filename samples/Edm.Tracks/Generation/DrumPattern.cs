namespace Edm.Tracks.Generation;

/// <summary>
/// One bar of sixteenth-note steps per voice, written as 16 characters: <c>X</c> a full hit,
/// <c>x</c> a soft one (60 %), <c>.</c> a rest.
/// </summary>
/// <param name="Steps">The step strings by voice.</param>
/// <param name="SwingStepsPerBeat">
/// The grid swing applies to: 2 delays the off-beat eighths, 4 the odd sixteenths.
/// </param>
public sealed record DrumPattern(IReadOnlyDictionary<DrumVoice, string> Steps, int SwingStepsPerBeat)
{
    /// <summary>Steps in one bar of 4/4.</summary>
    public const int StepsPerBar = 16;

    /// <summary>The pattern of a style.</summary>
    public static DrumPattern For(GrooveStyle style) => style switch
    {
        GrooveStyle.HipHop => new(
            new Dictionary<DrumVoice, string>
            {
                [DrumVoice.Kick] = "X.........X..x..",
                [DrumVoice.Snare] = "....X.......X...",
                [DrumVoice.ClosedHat] = "X.x.X.x.X.x.X.x.",
            },
            SwingStepsPerBeat: 2),
        GrooveStyle.Breakbeat => new(
            new Dictionary<DrumVoice, string>
            {
                [DrumVoice.Kick] = "X.....X...X.....",
                [DrumVoice.Snare] = "....X..x.x..X...",
                [DrumVoice.ClosedHat] = "X.x.X.x.X.x.X.x.",
            },
            SwingStepsPerBeat: 2),
        GrooveStyle.House => new(
            new Dictionary<DrumVoice, string>
            {
                [DrumVoice.Kick] = "X...X...X...X...",
                [DrumVoice.Clap] = "....X.......X...",
                [DrumVoice.ClosedHat] = "xx.xxx.xxx.xxx.x",
                [DrumVoice.OpenHat] = "..X...X...X...X.",
            },
            SwingStepsPerBeat: 4),
        GrooveStyle.Techno => new(
            new Dictionary<DrumVoice, string>
            {
                [DrumVoice.Kick] = "X...X...X...X...",
                [DrumVoice.Snare] = "....x.......x...",
                [DrumVoice.ClosedHat] = "xxxxxxxxxxxxxxxx",
                [DrumVoice.OpenHat] = "..X...X...X...X.",
            },
            SwingStepsPerBeat: 4),
        GrooveStyle.DrumAndBass => new(
            new Dictionary<DrumVoice, string>
            {
                [DrumVoice.Kick] = "X.........X.....",
                [DrumVoice.Snare] = "....X.......X...",
                [DrumVoice.ClosedHat] = "X.x.X.x.X.x.X.x.",
            },
            SwingStepsPerBeat: 2),
        _ => throw new ArgumentOutOfRangeException(nameof(style), style, "unknown style"),
    };
}
