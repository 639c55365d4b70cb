namespace Edm.Profiling.Tool;

/// <summary>
/// A user error edm-prof finds itself (an output path that is a folder, a method the history does not
/// have): its message is one line, printed as <c>edm-prof: message</c> with exit code 2.
/// </summary>
internal sealed class InputException(string message) : Exception(message);
