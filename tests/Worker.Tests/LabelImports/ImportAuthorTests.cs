using Labelit.Worker.LabelImports;
using Labelit.Worker.Tests.Support;
using Npgsql;
using Xunit.Abstractions;

namespace Labelit.Worker.Tests.LabelImports;

/// <summary>Whom an annotation import's named author is in Label Studio, against the real schema.</summary>
public sealed class ImportAuthorTests(ITestOutputHelper output)
{
    [Fact]
    public async Task The_author_is_found_by_email_or_by_a_display_name_only_one_of_the_projects_people_has()
    {
        await using var labelit = await Installation.CreateAsync(output);
        var manager = await labelit.AddUserAsync("mia", "Manager", displayName: "Mia Manager");
        var ann = await labelit.AddUserAsync("ann", displayName: "Ann Annotator");
        var anna = await labelit.AddUserAsync("anna", displayName: "Same Name");
        var other = await labelit.AddUserAsync("other", displayName: "Same Name");
        var outsider = await labelit.AddUserAsync("outsider", displayName: "Olga Outsider");
        var project = await labelit.AddProjectAsync("Cars", manager, ann, anna, other);
        foreach (var (user, lsId) in new[] { (manager, 2), (ann, 3), (anna, 4), (other, 5) })
            await labelit.ExecuteAsync("INSERT INTO ls_accounts (project_id, user_id, ls_email, password, ls_user_id, state) VALUES (@project, @user, 'x@y.z', 'p', @lsId, 'active') " +
                "ON CONFLICT (project_id, user_id) DO UPDATE SET ls_user_id = @lsId, state = 'active'",
                new { project, user, lsId });
        await using var dataSource = NpgsqlDataSource.Create(labelit.ConnectionString);
        var queue = new LabelImportQueue(dataSource);

        Assert.Equal(3, await queue.AuthorAccountAsync(project, (await labelit.EmailOfAsync(ann)).ToUpperInvariant(), CancellationToken.None));
        Assert.Equal(3, await queue.AuthorAccountAsync(project, " Ann Annotator ", CancellationToken.None));
        // Two people share the name: neither is guessed. Someone without an account here, or no one, is nobody's account.
        Assert.Null(await queue.AuthorAccountAsync(project, "Same Name", CancellationToken.None));
        Assert.Null(await queue.AuthorAccountAsync(project, "Olga Outsider", CancellationToken.None));
        Assert.Null(await queue.AuthorAccountAsync(project, await labelit.EmailOfAsync(outsider), CancellationToken.None));
        Assert.Null(await queue.AuthorAccountAsync(project, "the old tool", CancellationToken.None));
        Assert.Null(await queue.AuthorAccountAsync(project, null, CancellationToken.None));
    }
}
