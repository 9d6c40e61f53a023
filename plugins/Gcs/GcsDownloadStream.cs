using System.IO.Pipelines;

namespace Labelit.Plugins.Gcs;

/// <summary>
/// A readable stream over a download StorageClient writes into another stream, so that a reader gets
/// the first bytes while the rest still arrive and a large object is never held in memory. A failure
/// before the first byte (missing object, refused access) is thrown by <see cref="OpenAsync"/>; one
/// later is thrown by Read. Disposing the stream early stops the download.
/// </summary>
internal sealed class GcsDownloadStream : Stream
{
    private readonly Stream reader;
    private readonly CancellationTokenSource stop;
    private readonly Task download;

    private GcsDownloadStream(Stream reader, CancellationTokenSource stop, Task download)
    {
        this.reader = reader;
        this.stop = stop;
        this.download = download;
    }

    /// <param name="download">Writes the object into the stream it is given; its exceptions are translated by <paramref name="translate"/>.</param>
    public static async Task<Stream> OpenAsync(
        Func<Stream, CancellationToken, Task> download, Func<Exception, Exception> translate, CancellationToken cancellationToken)
    {
        var pipe = new Pipe();
        var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var firstWrite = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var target = new FirstWriteSignal(pipe.Writer.AsStream(), firstWrite);
        var running = Task.Run(async () =>
        {
            try
            {
                await download(target, stop.Token);
                await pipe.Writer.CompleteAsync();
            }
            catch (Exception e)
            {
                // Stopped because the reader went away: nobody reads the error, and it is no storage failure.
                var translated = stop.IsCancellationRequested ? e : translate(e);
                await pipe.Writer.CompleteAsync(translated);
                throw translated;
            }
        }, CancellationToken.None);

        if (await Task.WhenAny(firstWrite.Task, running) == running && !running.IsCompletedSuccessfully)
        {
            await pipe.Reader.CompleteAsync();
            try
            {
                await running;
            }
            finally
            {
                stop.Dispose();
            }
        }

        return new GcsDownloadStream(pipe.Reader.AsStream(), stop, running);
    }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => reader.Read(buffer, offset, count);

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        reader.ReadAsync(buffer, cancellationToken);

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        reader.ReadAsync(buffer, offset, count, cancellationToken);

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            stop.Cancel();
            reader.Dispose();
            // The download sees the cancellation and ends; its outcome no longer matters to anyone.
            download.ContinueWith(t =>
            {
                _ = t.Exception;
                stop.Dispose();
            }, TaskScheduler.Default);
        }

        base.Dispose(disposing);
    }

    /// <summary>The pipe's writing end, which says when the first byte has arrived.</summary>
    private sealed class FirstWriteSignal(Stream inner, TaskCompletionSource firstWrite) : Stream
    {
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Write(byte[] buffer, int offset, int count) => WriteAsync(buffer, offset, count).GetAwaiter().GetResult();

        public override async Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            await WriteAsync(buffer.AsMemory(offset, count), cancellationToken);

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            firstWrite.TrySetResult();
            await inner.WriteAsync(buffer, cancellationToken);
        }

        public override void Flush()
        {
        }

        public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
