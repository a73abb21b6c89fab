namespace SessionCloser.Reporting;

/// <summary>What reading one agent gave: its report, and its sessions and directory added up for <see cref="ReclaimAdvisor"/>.</summary>
internal sealed record AgentScan(
    AgentDiskReport Report,
    SessionTally Sessions,
    DirectoryTally Directory);
