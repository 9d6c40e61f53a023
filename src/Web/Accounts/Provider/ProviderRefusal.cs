namespace Labelit.Web.Accounts.Provider;

/// <summary>Why a sign-in through the provider was refused; each has its own words on the refusal page.</summary>
public enum ProviderRefusal
{
    Failed, Expired, Replayed, WrongIssuer, NonceMismatch, NoEmail, UnverifiedEmail, DomainNotAllowed, GroupNotAllowed,
    NoAccount, Deactivated, EmailTaken, InvitationInvalid, InvitationOtherEmail,
}

public static class ProviderRefusalWords
{
    public static string Explain(ProviderRefusal refusal, string provider) => refusal switch
    {
        ProviderRefusal.Expired => "The sign-in took too long. Start again from the sign-in page.",
        ProviderRefusal.Replayed => "This sign-in answer was already used, or was not started in this browser. Start again from the sign-in page.",
        ProviderRefusal.WrongIssuer => $"The answer did not come from {provider}, the provider Labelit is set up with. Nobody was signed in; tell your admin.",
        ProviderRefusal.NonceMismatch => "The provider's answer does not belong to the sign-in this browser started. Start again from the sign-in page.",
        ProviderRefusal.NoEmail => $"{provider} did not tell Labelit your email address, which Labelit needs. Ask your admin.",
        ProviderRefusal.UnverifiedEmail => $"{provider} says your email address is not verified. Verify it there, then sign in again.",
        ProviderRefusal.DomainNotAllowed => "Your email address is not in a domain allowed to sign in to Labelit. Ask an admin for an invitation.",
        ProviderRefusal.GroupNotAllowed => "You are not in a group allowed to sign in to Labelit. Ask your admin.",
        ProviderRefusal.NoAccount => "There is no Labelit account for your email address. Ask an admin for an invitation.",
        ProviderRefusal.Deactivated => "This account is deactivated. Ask an admin.",
        ProviderRefusal.EmailTaken => "A Labelit account with your email address already exists: sign in to it instead.",
        ProviderRefusal.InvitationInvalid => "This invitation link is not valid any more (it was used, revoked or has expired). Ask for a new one.",
        ProviderRefusal.InvitationOtherEmail => "This invitation is for another email address than the one you signed in with at the provider.",
        _ => $"The sign-in through {provider} could not be completed. Start again from the sign-in page.",
    };
}
