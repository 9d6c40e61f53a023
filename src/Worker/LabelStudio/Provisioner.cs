using System.Security.Cryptography;
using System.Text;
using Labelit.Data.Instances;
using Labelit.Worker.Instances;

namespace Labelit.Worker.LabelStudio;

/// <summary>
/// Makes a running instance match the project: the LS project with its title and label config,
/// and one LS account per member (active annotators and the manager). Accounts of people who
/// left are marked revoked: their credentials stay server-side and the proxy never uses them
/// again (LS's community edition can neither deactivate a user nor set another user's password
/// over HTTP, and deleting the user would detach their annotations).
/// </summary>
public sealed class Provisioner(InstanceRepository repository, LabelStudioClient client, LabelStudioSecrets secrets, ILogger<Provisioner> logger)
{
    /// <param name="afterStart">The instance has just started: check that LS still has what the database says it has.</param>
    public async Task ProvisionAsync(InstanceRow row, AdminSecrets admin, Uri address, bool afterStart, CancellationToken cancellationToken)
    {
        var title = TitleFor(row.Name);
        var hash = Hash(title + "\n" + row.LabelConfig);
        var settingsChanged = hash != row.ProvisionedHash;
        if (afterStart || settingsChanged || row.LsProjectId is null)
        {
            var lsProjectId = await client.EnsureProjectAsync(address, admin.Token, row.LsProjectId, title, row.LabelConfig, settingsChanged, cancellationToken);
            await repository.SetProvisionedAsync(row.ProjectId, lsProjectId, hash, error: null, cancellationToken);
        }
        await SyncAccountsAsync(row.ProjectId, admin, address, afterStart, cancellationToken);
    }

    private async Task SyncAccountsAsync(long projectId, AdminSecrets admin, Uri address, bool afterStart, CancellationToken cancellationToken)
    {
        var members = (await repository.MembersAsync(projectId, cancellationToken)).ToDictionary(m => m.UserId);
        var accounts = (await repository.AccountsAsync(projectId, cancellationToken)).ToDictionary(a => a.UserId);

        // After a start, an account LS no longer knows (its data was lost) is signed up again.
        if (afterStart && accounts.Values.Any(a => a.State != AccountStates.Pending))
        {
            var known = await client.ListUsersAsync(address, admin.Token, cancellationToken);
            foreach (var account in accounts.Values.Where(a => a.State != AccountStates.Pending))
            {
                if (!known.ContainsKey(account.LsEmail))
                {
                    await repository.SetAccountStateAsync(projectId, account.UserId, AccountStates.Pending, null, cancellationToken);
                    account.State = AccountStates.Pending;
                }
            }
        }

        foreach (var member in members.Values)
        {
            var userId = member.UserId;
            var profile = LabelStudioProfile.For(member);
            if (!accounts.TryGetValue(userId, out var account))
            {
                await repository.AddPendingAccountAsync(projectId, userId, profile.Email,
                    secrets.Protect(AdminSecrets.RandomText(24)), cancellationToken);
                account = (await repository.AccountsAsync(projectId, cancellationToken)).Single(a => a.UserId == userId);
            }
            if (account.State == AccountStates.Pending)
            {
                account.LsUserId = await SignUpAsync(admin, address, account, cancellationToken);
                await repository.SetAccountStateAsync(projectId, userId, AccountStates.Active, account.LsUserId, cancellationToken);
                logger.LogInformation("LS account for user {UserId} in project {ProjectId} is active", userId, projectId);
            }
            else if (account.State == AccountStates.Revoked)
            {
                await repository.SetAccountStateAsync(projectId, userId, AccountStates.Active, null, cancellationToken);
                logger.LogInformation("LS account for user {UserId} in project {ProjectId} is active again", userId, projectId);
            }
            if (account.Profile != profile.StoredName && account.LsUserId is { } lsUserId)
            {
                await client.SetUserNameAsync(address, admin.Token, lsUserId, profile, cancellationToken);
                await repository.SetAccountProfileAsync(projectId, userId, profile.StoredName, cancellationToken);
            }
        }

        foreach (var account in accounts.Values.Where(a => !members.ContainsKey(a.UserId) && a.State != AccountStates.Revoked))
        {
            await repository.SetAccountStateAsync(projectId, account.UserId, AccountStates.Revoked, null, cancellationToken);
            logger.LogInformation("LS account for user {UserId} in project {ProjectId} is revoked", account.UserId, projectId);
        }
    }

    private async Task<int> SignUpAsync(AdminSecrets admin, Uri address, AccountRow account, CancellationToken cancellationToken)
    {
        var password = secrets.Unprotect(account.Password);
        var outcome = await client.SignupAsync(address, admin.Token, account.LsEmail, password, cancellationToken);
        // An earlier attempt may have signed up and crashed before recording it: the stored password
        // was written first, so it must still work.
        if (outcome == LabelStudioClient.SignupOutcome.AlreadyExists && !await client.CanSignInAsync(address, account.LsEmail, password, cancellationToken))
            throw new InvalidOperationException($"LS already has a user {account.LsEmail} whose password Labelit does not know.");
        return await client.FindUserIdAsync(address, admin.Token, account.LsEmail, cancellationToken)
            ?? throw new InvalidOperationException($"LS signed up {account.LsEmail} but does not list that user.");
    }

    /// <summary>LS wants project titles of 3 to 50 characters.</summary>
    public static string TitleFor(string name)
    {
        var title = name.Trim();
        if (title.Length > 50)
            title = title[..50];
        return title.Length < 3 ? (title + " project").Trim() : title;
    }

    private static string Hash(string text) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
