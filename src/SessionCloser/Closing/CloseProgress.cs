namespace SessionCloser.Closing;

/// <summary>
/// One step of a close as it happens, for a front end that prints as it goes: <see cref="Outcome"/> is the next line
/// of the report, in the report's order (null when only the count moved), <see cref="Done"/> of <see cref="Total"/>
/// sessions have been handled (<see cref="Total"/> is 0 until the run knows it).
/// </summary>
public sealed record CloseProgress(int Done, int Total, SessionOutcome? Outcome);
