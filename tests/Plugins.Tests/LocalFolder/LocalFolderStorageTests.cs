using Labelit.Plugins.LocalFolder;
using Labelit.Plugins.Tests.S3;

namespace Labelit.Plugins.Tests.LocalFolder;

public sealed class LocalFolderStorageTests : IDisposable
{
    private readonly string sandbox = Directory.CreateTempSubdirectory("labelit-local-").FullName;
    private readonly string root;
    private readonly string outside;
    private readonly IStorageBackend backend;

    public LocalFolderStorageTests()
    {
        root = Directory.CreateDirectory(Path.Combine(sandbox, "datasets")).FullName;
        outside = Directory.CreateDirectory(Path.Combine(sandbox, "secrets")).FullName;
        File.WriteAllText(Path.Combine(outside, "passwords.txt"), "hunter2");
        backend = new LocalFolderStoragePlugin().CreateBackend(new StorageSettings(), new StorageEnvironment { AllowedLocalRoots = [root] });
    }

    [Fact]
    public async Task Written_file_is_listed_read_back_and_deleted()
    {
        var path = Location($"{root}/images/cat 1.jpg");
        await backend.WriteAsync(path, new NonSeekableStream([1, 2, 3]));

        var found = Assert.Single(await S3StorageSuite.ListAllAsync(backend, Location($"{root}/images/")));
        Assert.Equal(path, found.Path);
        Assert.Equal(3, found.Size);
        Assert.Equal([1, 2, 3], await S3StorageSuite.ReadAllAsync(backend, path));
        Assert.Null(await backend.GetBrowserUrlAsync(path, TimeSpan.FromMinutes(1)));

        await backend.DeleteAsync([path]);

        Assert.Empty(await S3StorageSuite.ListAllAsync(backend, Location($"{root}/images/")));
        Assert.Equal(StorageFailure.NotFound, (await Assert.ThrowsAsync<StorageException>(() => backend.OpenReadAsync(path))).Failure);
    }

    [Fact]
    public async Task Listing_comes_in_pages_and_includes_every_file()
    {
        for (var i = 0; i < 2500; i++)
        {
            File.WriteAllText(Path.Combine(Directory.CreateDirectory(Path.Combine(root, $"d{i % 7}")).FullName, $"{i}.txt"), "x");
        }

        var pages = new List<IReadOnlyList<StorageObject>>();
        await foreach (var page in backend.ListAsync(Location(root)))
        {
            pages.Add(page);
        }

        Assert.Equal(2500, pages.Sum(p => p.Count));
        Assert.Equal(3, pages.Count);
    }

    [Fact]
    public async Task Dot_dot_is_refused_with_a_clear_message()
    {
        var escape = Location($"{root}/../secrets/passwords.txt");

        var error = await Assert.ThrowsAsync<StorageException>(() => backend.OpenReadAsync(escape));

        Assert.Equal(StorageFailure.InvalidLocation, error.Failure);
        Assert.Contains("contains '.' or '..'", error.Message);
    }

    [Fact]
    public async Task Symbolic_link_leading_outside_the_root_is_refused_and_not_listed()
    {
        Directory.CreateSymbolicLink(Path.Combine(root, "shortcut"), outside);
        File.CreateSymbolicLink(Path.Combine(root, "passwords.txt"), Path.Combine(outside, "passwords.txt"));
        File.WriteAllText(Path.Combine(root, "ok.txt"), "fine");

        var throughDirectory = await Assert.ThrowsAsync<StorageException>(() => backend.OpenReadAsync(Location($"{root}/shortcut/passwords.txt")));
        var throughFile = await Assert.ThrowsAsync<StorageException>(() => backend.OpenReadAsync(Location($"{root}/passwords.txt")));
        var writeThrough = await Assert.ThrowsAsync<StorageException>(() =>
            backend.WriteAsync(Location($"{root}/shortcut/planted.txt"), new MemoryStream([1])));
        var listed = await S3StorageSuite.ListAllAsync(backend, Location($"{root}/"));

        Assert.All([throughDirectory, throughFile, writeThrough], e => Assert.Equal(StorageFailure.InvalidLocation, e.Failure));
        Assert.Contains($"through a symbolic link", throughDirectory.Message);
        Assert.Equal(["ok.txt"], listed.Select(o => Path.GetFileName(o.Path.Key)));
        Assert.False(File.Exists(Path.Combine(outside, "planted.txt")));
    }

    [Fact]
    public async Task Folder_outside_the_allowed_roots_is_refused_naming_the_allowed_ones()
    {
        var result = await backend.TestConnectionAsync(Location($"{outside}/"));
        var sibling = await Assert.ThrowsAsync<StorageException>(() => S3StorageSuite.ListAllAsync(backend, Location($"{root}-other/")));

        Assert.Equal(StorageFailure.InvalidLocation, result.Failure);
        Assert.Contains($"is outside the allowed folders. Allowed: {root}", result.Message);
        Assert.Equal(StorageFailure.InvalidLocation, sibling.Failure);
    }

    [Fact]
    public async Task Connection_test_tells_a_missing_folder_from_a_readable_one()
    {
        var missing = await backend.TestConnectionAsync(Location($"{root}/not-there/"));
        var present = await backend.TestConnectionAsync(Location($"{root}/"));

        Assert.Equal(StorageFailure.MissingBucket, missing.Failure);
        Assert.Equal($"Folder {root}/not-there/ does not exist.", missing.Message);
        Assert.True(present.Succeeded, present.Message);
    }

    [Fact]
    public async Task Without_allowed_roots_nothing_on_disk_is_reachable()
    {
        using var closed = new LocalFolderStoragePlugin().CreateBackend(new StorageSettings(), new StorageEnvironment());

        var result = await closed.TestConnectionAsync(Location($"{root}/"));

        Assert.Equal(StorageFailure.InvalidLocation, result.Failure);
        Assert.Contains("Storage:AllowedLocalRoots", result.Message);
    }

    private static StoragePath Location(string absolutePath) => StoragePath.Parse("file://" + absolutePath);

    public void Dispose()
    {
        backend.Dispose();
        Directory.Delete(sandbox, recursive: true);
    }
}
