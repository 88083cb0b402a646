using System.Runtime.InteropServices;

namespace SimilarityEngine.Ingest;

/// <summary>What a path is on the file system: .NET's <see cref="FileInfo"/> reports a FIFO or a device as an ordinary
/// file, and opening a FIFO for reading waits for a writer for ever.</summary>
public enum FileKindValue
{
    /// <summary>Nothing there.</summary>
    Missing,
    /// <summary>A regular file.</summary>
    Regular,
    /// <summary>A folder.</summary>
    Directory,
    /// <summary>A named pipe (FIFO).</summary>
    Fifo,
    /// <summary>A character or block device.</summary>
    Device,
    /// <summary>A socket.</summary>
    Socket,
    /// <summary>A symbolic link (only from <see cref="FileKind.OfLink"/>).</summary>
    Link,
    /// <summary>Not known (the platform does not say).</summary>
    Unknown,
}

/// <summary>The file type of a path, from stat(2) through .NET's own native library on Linux and macOS.</summary>
public static class FileKind
{
    /// <summary>The kind of <paramref name="path"/>, links followed.</summary>
    public static FileKindValue Of(string path) => Kind(path, link: false);

    /// <summary>The kind of <paramref name="path"/> itself (a link is <see cref="FileKindValue.Link"/>).</summary>
    public static FileKindValue OfLink(string path) => Kind(path, link: true);

    /// <summary>A failure reason for an input that is not a regular file (a FIFO, a device, a socket), or null.</summary>
    public static string? NotRegularReason(string path) => Of(path) switch
    {
        FileKindValue.Fifo => "not a regular file: a named pipe (FIFO); it is not read",
        FileKindValue.Device => "not a regular file: a device; it is not read",
        FileKindValue.Socket => "not a regular file: a socket; it is not read",
        _ => null,
    };

    private static FileKindValue Kind(string path, bool link)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (OperatingSystem.IsWindows())
        {
            var info = new FileInfo(path);
            return info.Exists ? (link && info.LinkTarget is not null ? FileKindValue.Link : FileKindValue.Regular)
                : System.IO.Directory.Exists(path) ? FileKindValue.Directory : FileKindValue.Missing;
        }
        try
        {
            int rc = link ? Native.LStat(path, out var st) : Native.Stat(path, out st);
            if (rc != 0)
            {
                return FileKindValue.Missing;
            }
            return (st.Mode & 0xF000) switch
            {
                0x8000 => FileKindValue.Regular,
                0x4000 => FileKindValue.Directory,
                0x1000 => FileKindValue.Fifo,
                0x2000 or 0x6000 => FileKindValue.Device,
                0xC000 => FileKindValue.Socket,
                0xA000 => FileKindValue.Link,
                _ => FileKindValue.Unknown,
            };
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
            return File.Exists(path) ? FileKindValue.Unknown : System.IO.Directory.Exists(path) ? FileKindValue.Directory : FileKindValue.Missing;
        }
    }

    private static class Native
    {
        // the layout of System.Native's FileStatus (dotnet/runtime src/native/libs/System.Native/pal_io.h)
        [StructLayout(LayoutKind.Sequential)]
        public struct FileStatus
        {
            public int Flags;
            public int Mode;
            public uint Uid;
            public uint Gid;
            public long Size;
            public long ATime;
            public long ATimeNsec;
            public long MTime;
            public long MTimeNsec;
            public long CTime;
            public long CTimeNsec;
            public long BirthTime;
            public long BirthTimeNsec;
            public long Dev;
            public long RDev;
            public long Ino;
            public uint UserFlags;
        }

        [DllImport("libSystem.Native", EntryPoint = "SystemNative_Stat", CharSet = CharSet.Ansi, BestFitMapping = false, ThrowOnUnmappableChar = true)]
        public static extern int Stat(string path, out FileStatus output);

        [DllImport("libSystem.Native", EntryPoint = "SystemNative_LStat", CharSet = CharSet.Ansi, BestFitMapping = false, ThrowOnUnmappableChar = true)]
        public static extern int LStat(string path, out FileStatus output);
    }
}
