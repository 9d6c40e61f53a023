using System.Diagnostics;
using Labelit.Data.Instances;
using Labelit.Worker.Tests.Support;
using Xunit.Abstractions;

namespace Labelit.Worker.Tests;

public sealed class AssignmentTests(ITestOutputHelper output)
{
    [Fact]
    public async Task An_LS_account_carries_the_person_s_email_and_name_and_follows_a_rename()
    {
        await using var labelit = await Installation.CreateAsync(output);
        var manager = await labelit.AddUserAsync("manager", "Manager");
        var alice = await labelit.AddUserAsync("alice", displayName: "Alice Liddell");
        var project = await labelit.AddProjectAsync("Names", manager, alice);
        labelit.StartWorker();
        await labelit.WaitRunningAsync(project);
        await labelit.WaitUntilAsync(async () => await labelit.ScalarAsync<string?>(
                "SELECT profile FROM ls_accounts WHERE project_id = @project AND user_id = @alice", new { project, alice }) is not null,
            TimeSpan.FromSeconds(30), "alice's LS account gets her name");
        using (var session = await labelit.SignInAsync(project, alice))
        {
            var me = await session.MeAsync();
            Assert.Equal(await labelit.EmailOfAsync(alice), me["email"]!.GetValue<string>());
            Assert.Equal("Alice", me["first_name"]!.GetValue<string>());
            Assert.Equal("Liddell", me["last_name"]!.GetValue<string>());
        }

        // LS never changes a user's email: the account keeps the one it was made with, the name follows.
        var email = await labelit.EmailOfAsync(alice);
        await labelit.ExecuteAsync("UPDATE users SET display_name = 'Alice Pleasance Liddell', email = 'alice.liddell@example.test' WHERE id = @alice", new { alice });
        await labelit.WaitUntilAsync(async () => (await labelit.ScalarAsync<string?>(
                "SELECT profile FROM ls_accounts WHERE project_id = @project AND user_id = @alice", new { project, alice }))?.Contains("Pleasance") == true,
            TimeSpan.FromSeconds(30), "the rename reaches LS");

        using var renamed = await labelit.SignInAsync(project, alice);
        var after = await renamed.MeAsync();
        Assert.Equal(email, after["email"]!.GetValue<string>());
        Assert.Equal("Alice", after["first_name"]!.GetValue<string>());
        Assert.Equal("Pleasance Liddell", after["last_name"]!.GetValue<string>());
    }

    [Fact]
    public async Task LS_accounts_follow_assignments_and_deactivation()
    {
        await using var labelit = await Installation.CreateAsync(output);
        var manager = await labelit.AddUserAsync("manager", "Manager");
        var alice = await labelit.AddUserAsync("alice");
        var bob = await labelit.AddUserAsync("bob");
        var project = await labelit.AddProjectAsync("Assignments", manager, alice);
        labelit.StartWorker();
        await labelit.WaitRunningAsync(project);
        var aliceFirst = await labelit.Store.GetCredentialsAsync(project, alice);
        Assert.NotNull(aliceFirst);
        Assert.Null(await labelit.Store.GetCredentialsAsync(project, bob));

        // Assigned: bob gets an account he can sign in with.
        var assigned = await TimeAsync(() => labelit.ExecuteAsync("INSERT INTO project_annotators (project_id, user_id) VALUES (@project, @bob)", new { project, bob }),
            async () => await labelit.AccountStateAsync(project, bob) == AccountStates.Active, labelit);
        labelit.Report($"Annotator assigned -> LS account active: {assigned.TotalMilliseconds:F0} ms");
        using (var session = await labelit.SignInAsync(project, bob))
            Assert.Equal(await labelit.EmailOfAsync(bob), await session.WhoAmIAsync());

        // Unassigned: alice's account is revoked and the proxy gets no credentials for her.
        var unassigned = await TimeAsync(() => labelit.ExecuteAsync("DELETE FROM project_annotators WHERE project_id = @project AND user_id = @alice", new { project, alice }),
            async () => await labelit.AccountStateAsync(project, alice) == AccountStates.Revoked, labelit);
        labelit.Report($"Annotator unassigned -> LS account revoked: {unassigned.TotalMilliseconds:F0} ms");
        Assert.Null(await labelit.Store.GetCredentialsAsync(project, alice));

        // Deactivated: the store refuses at once, the Worker revokes on the notification.
        await labelit.ExecuteAsync("UPDATE users SET is_active = false WHERE id = @bob", new { bob });
        Assert.Null(await labelit.Store.GetCredentialsAsync(project, bob));
        await labelit.WaitUntilAsync(async () => await labelit.AccountStateAsync(project, bob) == AccountStates.Revoked,
            TimeSpan.FromSeconds(10), "bob's account is revoked");

        // Assigned again: the same LS user (her annotations stay hers), usable again.
        await labelit.ExecuteAsync("INSERT INTO project_annotators (project_id, user_id) VALUES (@project, @alice)", new { project, alice });
        await labelit.WaitUntilAsync(async () => await labelit.AccountStateAsync(project, alice) == AccountStates.Active,
            TimeSpan.FromSeconds(10), "alice's account is active again");
        var aliceAgain = await labelit.Store.GetCredentialsAsync(project, alice);
        Assert.Equal(aliceFirst.LsUserId, aliceAgain!.LsUserId);
        using (var session = await labelit.SignInAsync(project, alice))
            Assert.Equal(aliceFirst.Email, await session.WhoAmIAsync());
    }

    private static async Task<TimeSpan> TimeAsync(Func<Task> change, Func<Task<bool>> reconciled, Installation labelit)
    {
        var watch = Stopwatch.StartNew();
        await change();
        await labelit.WaitUntilAsync(reconciled, TimeSpan.FromSeconds(10), "the change is reconciled");
        return watch.Elapsed;
    }
}
