namespace LexHeller.Api.Features.Shared;

/// <summary>Who did it, as a report's or a follow-up's history records it.</summary>
public static class Actor
{
    /// <summary>The name the history gives the acting caller: the user's key, or the kind of caller without one.</summary>
    public static string Of(Caller caller) => caller.UserKey ?? caller.Kind.ToString().ToLowerInvariant();
}
