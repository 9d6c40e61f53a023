using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace Labelit.Export.Output;

/// <summary>A zip written straight to the output stream, one entry after another, the way LS
/// zips its export folder; works on streams that cannot seek (an upload, a response body).
/// Written by hand rather than with ZipArchive because ZipArchive keeps an object per entry
/// until the end: a YOLO or VOC export of 100,000 images came close to 150 MB that way. Here the
/// central directory goes to a temp file as entries are added, so memory does not grow with them.</summary>
internal sealed class ZipOutput : IAsyncDisposable
{
    // Label files are a few dozen bytes: deflate saves nothing there and a compressor per file
    // (hundreds of KB of native state each) only costs time and memory.
    private const int SmallestDeflatedFile = 256;

    private const ushort Version = 20;
    private const ushort Zip64Version = 45;
    private const ushort Utf8Names = 1 << 11;
    private const ushort SizesAfterData = 1 << 3;
    private const ushort Stored = 0;
    private const ushort Deflated = 8;

    private readonly Stream _output;
    private readonly FileStream _centralDirectory;
    private readonly byte[] _record = new byte[46 + 1024];
    private readonly ushort _dosTime;
    private readonly ushort _dosDate;
    private long _offset;
    private long _entries;

    private ZipOutput(Stream output, DateTimeOffset time, string tempDirectory)
    {
        _output = output;
        _centralDirectory = Input.TempFiles.Create(tempDirectory);
        var local = time.DateTime;
        _dosTime = (ushort)((local.Hour << 11) | (local.Minute << 5) | (local.Second / 2));
        _dosDate = (ushort)((Math.Max(local.Year - 1980, 0) << 9) | (local.Month << 5) | local.Day);
    }

    public static Task<ZipOutput> CreateAsync(Stream output, ExportOptions options, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(new ZipOutput(output, options.Clock.GetLocalNow(), options.ResolveTempDirectory()));
    }

    /// <summary>An empty folder LS's layout has (e.g. images/, where images would go).</summary>
    public ValueTask AddDirectoryAsync(string name, CancellationToken cancellationToken) =>
        AddEntryAsync(name.EndsWith('/') ? name : name + "/", Stored, 0, ReadOnlyMemory<byte>.Empty, 0, isDirectory: true, cancellationToken);

    /// <summary>A small file held in memory, deflated unless that does not make it smaller.</summary>
    public async ValueTask AddFileAsync(string name, ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        var crc = Crc32.Append(0, content.Span);
        if (content.Length < SmallestDeflatedFile)
        {
            await AddEntryAsync(name, Stored, crc, content, content.Length, isDirectory: false, cancellationToken);
            return;
        }

        using var compressed = new MemoryStream();
        await using (var deflate = new DeflateStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
        {
            await deflate.WriteAsync(content, cancellationToken);
        }

        var (method, data) = compressed.Length < content.Length
            ? (Deflated, compressed.GetBuffer().AsMemory(0, (int)compressed.Length))
            : (Stored, content);
        await AddEntryAsync(name, method, crc, data, content.Length, isDirectory: false, cancellationToken);
    }

    /// <summary>A large file written by <paramref name="write"/> as a stream; its CRC and sizes
    /// follow the data. Compressed with Deflate's fastest level: for the 69 MB COCO file of
    /// 100,000 tasks that is 19 MB instead of 12 MB, but it halves the compression time, the
    /// largest single cost of a COCO export.</summary>
    public async ValueTask AddFileAsync(string name, Func<Stream, ValueTask> write, CancellationToken cancellationToken)
    {
        var nameBytes = Encoding.UTF8.GetBytes(name);
        var headerOffset = _offset;
        await WriteAsync(LocalHeader(nameBytes, Deflated, SizesAfterData, 0, 0, 0), cancellationToken);

        var counting = new CountingStream(_output);
        var checksum = new ChecksumStream();
        await using (var deflate = new DeflateStream(counting, CompressionLevel.Fastest, leaveOpen: true))
        {
            checksum.Inner = deflate;
            await write(checksum);
        }

        _offset += counting.Count;
        EnsureFits(_offset, checksum.Written);
        var descriptor = new byte[16];
        BinaryPrimitives.WriteUInt32LittleEndian(descriptor, 0x08074b50);
        BinaryPrimitives.WriteUInt32LittleEndian(descriptor.AsSpan(4), checksum.Crc);
        BinaryPrimitives.WriteUInt32LittleEndian(descriptor.AsSpan(8), (uint)counting.Count);
        BinaryPrimitives.WriteUInt32LittleEndian(descriptor.AsSpan(12), (uint)checksum.Written);
        await WriteAsync(descriptor, cancellationToken);
        AddCentralRecord(nameBytes, Deflated, SizesAfterData, checksum.Crc, counting.Count, checksum.Written, headerOffset, isDirectory: false);
    }

    /// <summary>Drops the temp file of an unfinished zip (the export failed); no-op once finished.</summary>
    public void Abandon() => _centralDirectory.Dispose();

    /// <summary>Writes the central directory; with 65,535 entries or more, in its ZIP64 form.</summary>
    public async ValueTask DisposeAsync()
    {
        var directoryOffset = _offset;
        var directorySize = _centralDirectory.Length;
        _centralDirectory.Position = 0;
        await _centralDirectory.CopyToAsync(_output);
        _offset += directorySize;
        await _centralDirectory.DisposeAsync();

        var end = new ByteSink();
        var needsZip64 = _entries >= ushort.MaxValue;
        if (needsZip64)
        {
            var zip64End = end.GetSpan(56 + 20);
            BinaryPrimitives.WriteUInt32LittleEndian(zip64End, 0x06064b50);
            BinaryPrimitives.WriteUInt64LittleEndian(zip64End[4..], 44);
            BinaryPrimitives.WriteUInt16LittleEndian(zip64End[12..], Zip64Version);
            BinaryPrimitives.WriteUInt16LittleEndian(zip64End[14..], Zip64Version);
            BinaryPrimitives.WriteUInt32LittleEndian(zip64End[16..], 0);
            BinaryPrimitives.WriteUInt32LittleEndian(zip64End[20..], 0);
            BinaryPrimitives.WriteUInt64LittleEndian(zip64End[24..], (ulong)_entries);
            BinaryPrimitives.WriteUInt64LittleEndian(zip64End[32..], (ulong)_entries);
            BinaryPrimitives.WriteUInt64LittleEndian(zip64End[40..], (ulong)directorySize);
            BinaryPrimitives.WriteUInt64LittleEndian(zip64End[48..], (ulong)directoryOffset);
            var locator = zip64End[56..];
            BinaryPrimitives.WriteUInt32LittleEndian(locator, 0x07064b50);
            BinaryPrimitives.WriteUInt32LittleEndian(locator[4..], 0);
            BinaryPrimitives.WriteUInt64LittleEndian(locator[8..], (ulong)_offset);
            BinaryPrimitives.WriteUInt32LittleEndian(locator[16..], 1);
            end.Advance(76);
        }

        EnsureFits(directoryOffset, 0);
        var record = end.GetSpan(22);
        var count = needsZip64 ? ushort.MaxValue : (ushort)_entries;
        BinaryPrimitives.WriteUInt32LittleEndian(record, 0x06054b50);
        BinaryPrimitives.WriteUInt16LittleEndian(record[4..], 0);
        BinaryPrimitives.WriteUInt16LittleEndian(record[6..], 0);
        BinaryPrimitives.WriteUInt16LittleEndian(record[8..], count);
        BinaryPrimitives.WriteUInt16LittleEndian(record[10..], count);
        BinaryPrimitives.WriteUInt32LittleEndian(record[12..], (uint)directorySize);
        BinaryPrimitives.WriteUInt32LittleEndian(record[16..], (uint)directoryOffset);
        BinaryPrimitives.WriteUInt16LittleEndian(record[20..], 0);
        end.Advance(22);
        await _output.WriteAsync(end.Written.ToArray());
        end.Dispose();
    }

    private async ValueTask AddEntryAsync(
        string name, ushort method, uint crc, ReadOnlyMemory<byte> data, long uncompressedLength, bool isDirectory,
        CancellationToken cancellationToken)
    {
        var nameBytes = Encoding.UTF8.GetBytes(name);
        var headerOffset = _offset;
        await WriteAsync(LocalHeader(nameBytes, method, 0, crc, data.Length, uncompressedLength), cancellationToken);
        await WriteAsync(data, cancellationToken);
        AddCentralRecord(nameBytes, method, 0, crc, data.Length, uncompressedLength, headerOffset, isDirectory);
    }

    private byte[] LocalHeader(byte[] name, ushort method, ushort flags, uint crc, long compressed, long uncompressed)
    {
        var header = new byte[30 + name.Length];
        BinaryPrimitives.WriteUInt32LittleEndian(header, 0x04034b50);
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(4), Version);
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(6), (ushort)(Utf8Names | flags));
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(8), method);
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(10), _dosTime);
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(12), _dosDate);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(14), crc);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(18), (uint)compressed);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(22), (uint)uncompressed);
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(26), (ushort)name.Length);
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(28), 0);
        name.CopyTo(header.AsSpan(30));
        return header;
    }

    private void AddCentralRecord(
        byte[] name, ushort method, ushort flags, uint crc, long compressed, long uncompressed, long headerOffset, bool isDirectory)
    {
        EnsureFits(headerOffset, uncompressed);
        var record = name.Length <= 1024 ? _record.AsSpan(0, 46 + name.Length) : new byte[46 + name.Length];
        BinaryPrimitives.WriteUInt32LittleEndian(record, 0x02014b50);
        BinaryPrimitives.WriteUInt16LittleEndian(record[4..], Version);
        BinaryPrimitives.WriteUInt16LittleEndian(record[6..], Version);
        BinaryPrimitives.WriteUInt16LittleEndian(record[8..], (ushort)(Utf8Names | flags));
        BinaryPrimitives.WriteUInt16LittleEndian(record[10..], method);
        BinaryPrimitives.WriteUInt16LittleEndian(record[12..], _dosTime);
        BinaryPrimitives.WriteUInt16LittleEndian(record[14..], _dosDate);
        BinaryPrimitives.WriteUInt32LittleEndian(record[16..], crc);
        BinaryPrimitives.WriteUInt32LittleEndian(record[20..], (uint)compressed);
        BinaryPrimitives.WriteUInt32LittleEndian(record[24..], (uint)uncompressed);
        BinaryPrimitives.WriteUInt16LittleEndian(record[28..], (ushort)name.Length);
        BinaryPrimitives.WriteUInt16LittleEndian(record[30..], 0);
        BinaryPrimitives.WriteUInt16LittleEndian(record[32..], 0);
        BinaryPrimitives.WriteUInt16LittleEndian(record[34..], 0);
        BinaryPrimitives.WriteUInt16LittleEndian(record[36..], 0);
        BinaryPrimitives.WriteUInt32LittleEndian(record[38..], isDirectory ? 0x10u : 0u); // MS-DOS directory attribute
        BinaryPrimitives.WriteUInt32LittleEndian(record[42..], (uint)headerOffset);
        name.CopyTo(record[46..]);
        _centralDirectory.Write(record); // buffered by the FileStream; flushed in 64 KB blocks
        _entries++;
    }

    private async ValueTask WriteAsync(ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
    {
        await _output.WriteAsync(bytes, cancellationToken);
        _offset += bytes.Length;
    }

    /// <summary>Entries are written without ZIP64 sizes and offsets, which limits a zip to 4 GB.</summary>
    private static void EnsureFits(long offset, long size)
    {
        if (offset >= uint.MaxValue || size >= uint.MaxValue)
        {
            throw new ExportException("The export is larger than 4 GB, more than a zip file written by Labelit can hold.");
        }
    }

    /// <summary>Counts what the compressor writes to the output.</summary>
    private sealed class CountingStream(Stream inner) : WriteOnlyStream
    {
        public long Count { get; private set; }

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            await inner.WriteAsync(buffer, cancellationToken);
            Count += buffer.Length;
        }

        public override void Write(byte[] buffer, int offset, int count)
        {
            inner.Write(buffer, offset, count);
            Count += count;
        }
    }

    /// <summary>Takes the entry's uncompressed bytes, checksums and counts them on the way to the compressor.</summary>
    private sealed class ChecksumStream : WriteOnlyStream
    {
        public Stream Inner { get; set; } = Null;

        public uint Crc { get; private set; }

        public long Written { get; private set; }

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Crc = Crc32.Append(Crc, buffer.Span);
            Written += buffer.Length;
            await Inner.WriteAsync(buffer, cancellationToken);
        }

        public override void Write(byte[] buffer, int offset, int count)
        {
            Crc = Crc32.Append(Crc, buffer.AsSpan(offset, count));
            Written += count;
            Inner.Write(buffer, offset, count);
        }
    }
}

internal abstract class WriteOnlyStream : Stream
{
    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush() { }
    public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
}
