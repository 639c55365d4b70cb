using System.Text;
using System.Text.Json;

namespace Edm.Profiling;

/// <summary>
/// Finds where a value sits in a JSON document, given its path (<c>$.methods[3].calls</c>), so that
/// problems found after parsing (a negative count, a duplicate id) are reported with a line and byte
/// like syntax errors are.
/// </summary>
internal static class JsonPositionLocator
{
    /// <summary>1-based line and 0-based byte in that line of the value at <paramref name="path"/>, or null.</summary>
    internal static (long Line, long BytePositionInLine)? Locate(ReadOnlySpan<byte> json, string path)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip });
        var segments = new List<string>();
        var containers = new Stack<(bool IsArray, int Index)>();
        string? pendingProperty = null;
        try
        {
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.PropertyName:
                        pendingProperty = reader.GetString();
                        continue;
                    case JsonTokenType.EndObject:
                    case JsonTokenType.EndArray:
                        containers.Pop();
                        if (segments.Count > 0 && segments.Count > containers.Count - 1)
                        {
                            segments.RemoveAt(segments.Count - 1);
                        }

                        continue;
                }

                // A value starts here: work out its path.
                string segment = "";
                if (containers.Count > 0)
                {
                    (bool isArray, int index) = containers.Pop();
                    if (isArray)
                    {
                        index++;
                        segment = $"[{index}]";
                    }
                    else
                    {
                        segment = "." + pendingProperty;
                    }

                    containers.Push((isArray, index));
                }

                string current = "$" + string.Concat(segments) + segment;
                if (current == path)
                {
                    return ToLineAndByte(json, reader.TokenStartIndex);
                }

                if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
                {
                    if (containers.Count > 0)
                    {
                        segments.Add(segment);
                    }

                    containers.Push((reader.TokenType == JsonTokenType.StartArray, -1));
                }
            }
        }
        catch (JsonException)
        {
        }

        return null;
    }

    private static (long, long) ToLineAndByte(ReadOnlySpan<byte> json, long offset)
    {
        ReadOnlySpan<byte> before = json[..(int)offset];
        int line = before.Count((byte)'\n');
        int lastNewline = before.LastIndexOf((byte)'\n');
        return (line + 1, offset - (lastNewline + 1));
    }

    /// <summary>Appends a property segment to a path.</summary>
    internal static string Property(string path, string name) => new StringBuilder(path).Append('.').Append(name).ToString();
}
