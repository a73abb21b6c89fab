namespace SessionCloser.Config;

/// <summary>JSON5 text that does not parse, with the 1-based line and column of the offending character.</summary>
internal sealed class Json5Exception : FormatException
{
    public Json5Exception(string reason, int line, int column)
        : base($"JSON5: {reason} at {line}:{column}")
    {
        Reason = reason;
        Line = line;
        Column = column;
    }

    public Json5Exception()
        : this("invalid input", 1, 1)
    {
    }

    public Json5Exception(string message)
        : this(message, 1, 1)
    {
    }

    public Json5Exception(string message, Exception innerException)
        : base(message, innerException)
    {
        Reason = message;
        Line = 1;
        Column = 1;
    }

    /// <summary>What was wrong, without the position.</summary>
    public string Reason { get; }

    /// <summary>1-based line (lines end at '\n', as the json5 package counts them).</summary>
    public int Line { get; }

    /// <summary>1-based column in UTF-16 code units.</summary>
    public int Column { get; }
}
