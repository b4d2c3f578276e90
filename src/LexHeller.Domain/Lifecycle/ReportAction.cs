namespace LexHeller.Domain.Lifecycle;

/// <summary>What can be done to a report. Each is either a transition or an action within a state.</summary>
public enum ReportAction
{
    Triage,
    RequestInformation,
    WithdrawQuestion,
    Clarify,
    Refer,
    WithdrawReferral,
    ReceiveAllAnswers,
    ReturnToGroup,
    Close,
    Reopen,
    Publish,
    AddNote,
}
