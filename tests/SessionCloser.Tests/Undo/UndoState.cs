using SessionCloser.Closing;
using SessionCloser.Eras;
using SessionCloser.Tests.Closing;
using SessionCloser.Undo;

namespace SessionCloser.Tests.Undo;

/// <summary>Close and restore on a <see cref="ClosingState"/> whose root is the OpenClaw state directory, with the operation log on.</summary>
internal static class UndoState
{
    public static OperationLogging Logging(string stateDir) => new(stateDir, ["test"], StorageEra.JsonFile);

    public static OperationLog Log(this ClosingState state) => new(state.Root);

    public static CloseReport CloseLogged(this ClosingState state, CloseMode mode, params string[] arguments) =>
        state.Run(mode, arguments, r => r with { Logging = Logging(state.Root), Force = true });

    public static RestoreReport Restore(this ClosingState state, string operationId, bool force = false, bool dryRun = false) =>
        new FileRestorer(TimeProvider.System).Restore(new RestoreRequest
        {
            StorePath = state.StorePath,
            AgentId = state.AgentId,
            OperationId = operationId,
            Logging = Logging(state.Root),
            Force = force,
            DryRun = dryRun,
            LockTimeout = TimeSpan.FromSeconds(5),
        });
}
