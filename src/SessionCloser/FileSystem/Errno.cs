namespace SessionCloser.FileSystem;

/// <summary>
/// The errno values <see cref="Libc"/> tells apart. They are not portable: EOPNOTSUPP is 95 on Linux but 102 on
/// macOS (where 95 is EMULTIHOP), ENOSYS 38 against 78, and macOS has a separate ENOTSUP (45) that Linux folds into
/// EOPNOTSUPP. Values from Linux <c>asm-generic/errno*.h</c> (the same on x86-64 and arm64) and macOS
/// <c>sys/errno.h</c>.
/// </summary>
internal sealed record Errno(int EPerm, int EExist, int EXDev, int EInval, int ENoSys, int EOpNotSupp, int ENotSup, int ENoSpc, int EDQuot)
{
    public static readonly Errno Linux = new(EPerm: 1, EExist: 17, EXDev: 18, EInval: 22, ENoSys: 38, EOpNotSupp: 95, ENotSup: 95, ENoSpc: 28, EDQuot: 122);

    public static readonly Errno MacOS = new(EPerm: 1, EExist: 17, EXDev: 18, EInval: 22, ENoSys: 78, EOpNotSupp: 102, ENotSup: 45, ENoSpc: 28, EDQuot: 69);

    /// <summary>The table of the running OS; null where <see cref="Libc"/> makes no native calls.</summary>
    public static Errno? Current { get; } = OperatingSystem.IsLinux() ? Linux : OperatingSystem.IsMacOS() ? MacOS : null;

    /// <summary>
    /// <c>renameat2(RENAME_NOREPLACE)</c> failed because this kernel or file system cannot do it (EINVAL: flag
    /// unknown to the file system, ENOSYS: kernel before 3.15, EOPNOTSUPP), not because of the paths: try another way.
    /// </summary>
    public bool NoReplaceRenameUnsupported(int errno) => errno == EInval || errno == ENoSys || errno == EOpNotSupp || errno == ENotSup;

    /// <summary>
    /// <c>link</c> failed because this file system has no hard links (EPERM on FAT and some FUSE mounts, EXDEV,
    /// EOPNOTSUPP/ENOTSUP), not because of the paths: fall back to a plain move.
    /// </summary>
    public bool HardLinksUnsupported(int errno) => errno == EPerm || errno == EXDev || errno == EOpNotSupp || errno == ENotSup;
}
