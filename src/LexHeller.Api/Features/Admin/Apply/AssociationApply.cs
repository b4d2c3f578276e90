namespace LexHeller.Api.Features.Admin.Apply;

/// <summary>
/// One run of <see cref="ApplyCommand"/>: reads the association as the administration API lists it, compares
/// it with the file section by section, and sends the administration's own commands for what differs,
/// printing each change as it goes. It runs inside the caller's transaction.
/// </summary>
public sealed class AssociationApply(IMediator mediator, TextWriter output, AssociationFile file)
{
    private readonly Dictionary<string, Guid> _parties = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Guid> _queues = new(StringComparer.Ordinal);
    private string _code = "";
    private int _changes;
    private int _leftAsIs;

    public sealed record Result(string Code, int Changes, int LeftAsIs);

    public async Task<Result> RunAsync(CancellationToken ct)
    {
        var section = file.Association ?? throw new ApplyException("The file has no 'association' section.");
        _code = Codes.Canonical(section.Code) ?? throw new ApplyException("The 'association' section has no 'code'.");

        await AssociationAsync(section, ct);
        await AreasAsync(ct);
        await PartiesAsync(ct);
        await CategoriesAsync(ct);
        await SteeringGroupsAsync(ct);
        await MembersAsync(ct);
        await RoutingRulesAsync(ct);
        return new Result(_code, _changes, _leftAsIs);
    }

    private async Task AssociationAsync(AssociationFile.AssociationSection section, CancellationToken ct)
    {
        var entry = $"association {_code}";
        AssociationResponse? current;
        try
        {
            current = await mediator.Send(new GetAssociation.Query(_code), ct);
        }
        catch (NotFoundException)
        {
            current = null;
        }

        if (current is null)
        {
            await ChangeAsync(entry, $"create '{section.Name}' (prefix {section.ReferencePrefix})", () => mediator.Send(new CreateAssociation.Command(
                _code, section.Name?.Trim(), section.ReferencePrefix?.Trim(), section.AllowsAnonymousIntake, section.AnswerDeadlineDays,
                section.SuppressionThreshold, section.RecurrenceWindowDays, section.RecurrenceThreshold,
                section.AccessibilityStatement, section.PersonalDataNotice), ct).AsTask());
            return;
        }

        var patch = new UpdateAssociation.Command { Code = _code };
        var changed = new List<string>();
        if (section.Name is { } name && name.Trim() != current.Name)
            { patch = patch with { Name = name.Trim() }; changed.Add("name"); }
        if (section.ReferencePrefix is { } prefix && prefix.Trim() != current.ReferencePrefix)
            { patch = patch with { ReferencePrefix = prefix.Trim() }; changed.Add("referencePrefix"); }
        if (section.AllowsAnonymousIntake is { } anonymous && anonymous != current.AllowsAnonymousIntake)
            { patch = patch with { AllowsAnonymousIntake = anonymous }; changed.Add("allowsAnonymousIntake"); }
        if (section.AnswerDeadlineDays is { } deadline && deadline != current.AnswerDeadlineDays)
            { patch = patch with { AnswerDeadlineDays = deadline }; changed.Add("answerDeadlineDays"); }
        if (section.SuppressionThreshold is { } suppression && suppression != current.SuppressionThreshold)
            { patch = patch with { SuppressionThreshold = suppression }; changed.Add("suppressionThreshold"); }
        if (section.RecurrenceWindowDays is { } window && window != current.RecurrenceWindowDays)
            { patch = patch with { RecurrenceWindowDays = window }; changed.Add("recurrenceWindowDays"); }
        if (section.RecurrenceThreshold is { } threshold && threshold != current.RecurrenceThreshold)
            { patch = patch with { RecurrenceThreshold = threshold }; changed.Add("recurrenceThreshold"); }
        if (section.AccessibilityStatement is { } statement && Associations.TextOrNull(statement) != current.AccessibilityStatement)
            { patch = patch with { AccessibilityStatement = statement }; changed.Add("accessibilityStatement"); }
        if (section.PersonalDataNotice is { } notice && Associations.TextOrNull(notice) != current.PersonalDataNotice)
            { patch = patch with { PersonalDataNotice = notice }; changed.Add("personalDataNotice"); }

        if (changed.Count > 0)
            await ChangeAsync(entry, $"update {string.Join(", ", changed)}", () => mediator.Send(patch, ct).AsTask());
    }

    private async Task AreasAsync(CancellationToken ct)
    {
        var current = (await mediator.Send(new ListAreas.Query(_code), ct)).Areas.ToDictionary(area => area.Code, StringComparer.Ordinal);
        var wanted = file.Areas ?? [];
        foreach (var area in wanted)
        {
            var code = Codes.Canonical(area.Code) ?? "";
            var name = area.Name?.Trim();
            if (!current.TryGetValue(code, out var existing))
                await ChangeAsync($"area {code}", $"create '{name}'", () => mediator.Send(new CreateArea.Command(code, name) { AssociationCode = _code }, ct).AsTask());
            else if (name is not null && name != existing.Name)
                await ChangeAsync($"area {code}", $"rename '{existing.Name}' to '{name}'",
                    () => mediator.Send(new UpdateArea.Command(name) { AssociationCode = _code, AreaCode = code }, ct).AsTask());
        }

        await LeftAsIsAsync("area", current.Keys.Except(wanted.Select(area => Codes.Canonical(area.Code) ?? ""), StringComparer.Ordinal));
    }

    private async Task PartiesAsync(CancellationToken ct)
    {
        var current = (await mediator.Send(new ListParties.Query(_code), ct)).Parties.ToDictionary(party => party.Name, StringComparer.Ordinal);
        foreach (var party in current.Values)
            _parties[party.Name] = party.Id;
        var wanted = file.Parties ?? [];
        foreach (var party in wanted)
        {
            var name = party.Name?.Trim() ?? "";
            var entry = $"party '{name}'";
            var kind = Kind(party.Kind, entry);
            var unit = Associations.TextOrNull(party.Unit);
            if (!current.TryGetValue(name, out var existing))
            {
                await ChangeAsync(entry, $"create ({party.Kind?.Trim()}{(unit is null ? "" : $", {unit}")})", async () =>
                    _parties[name] = (await mediator.Send(new CreateParty.Command(kind, name, unit) { AssociationCode = _code }, ct)).Id);
                continue;
            }

            var changed = new List<string>();
            var patch = new UpdateParty.Command { Id = existing.Id };
            if (kind is { } k && k != existing.Kind)
                { patch = patch with { Kind = k }; changed.Add("kind"); }
            if (unit != existing.Unit)
                { patch = patch with { Unit = unit }; changed.Add("unit"); }
            if (changed.Count > 0)
                await ChangeAsync(entry, $"update {string.Join(", ", changed)}", () => mediator.Send(patch, ct).AsTask());
        }

        await LeftAsIsAsync("party", current.Keys.Except(wanted.Select(party => party.Name?.Trim() ?? ""), StringComparer.Ordinal).Select(name => $"'{name}'"));
    }

    private async Task SteeringGroupsAsync(CancellationToken ct)
    {
        var groups = (await mediator.Send(new ListSteeringGroups.Query(_code), ct)).SteeringGroups.ToDictionary(group => group.Name, StringComparer.Ordinal);
        foreach (var queue in groups.Values.SelectMany(group => group.Queues))
            _queues[queue.Name] = queue.Id;
        var wanted = file.SteeringGroups ?? [];
        foreach (var group in wanted)
        {
            var name = group.Name?.Trim() ?? "";
            var entry = $"steering group '{name}'";
            var id = groups.TryGetValue(name, out var existing) ? existing.Id : Guid.Empty;
            if (existing is null)
            {
                await ChangeAsync(entry, "create", async () =>
                    id = (await mediator.Send(new CreateSteeringGroup.Command(name) { AssociationCode = _code }, ct)).Id);
            }

            var members = existing?.Members.ToHashSet(StringComparer.Ordinal) ?? [];
            foreach (var email in (group.Members ?? []).Select(Email).Distinct(StringComparer.Ordinal))
            {
                if (!members.Contains(email))
                    await ChangeAsync(entry, $"add member {email}", () => mediator.Send(new ChangeMembership.Command(ChangeMembership.Membership.SteeringGroupMember, id, email, Add: true), ct).AsTask());
            }

            await LeftAsIsAsync($"{entry}: member", members.Except((group.Members ?? []).Select(Email), StringComparer.Ordinal));

            var queues = existing?.Queues.Select(queue => queue.Name).ToHashSet(StringComparer.Ordinal) ?? [];
            foreach (var queue in (group.Queues ?? []).Select(queue => queue.Trim()).Distinct(StringComparer.Ordinal))
            {
                if (!queues.Contains(queue))
                {
                    await ChangeAsync(entry, $"add queue '{queue}'", async () =>
                        _queues[queue] = (await mediator.Send(new CreateQueue.Command(queue) { SteeringGroupId = id }, ct)).Id);
                }
            }

            await LeftAsIsAsync($"{entry}: queue", queues.Except((group.Queues ?? []).Select(queue => queue.Trim()), StringComparer.Ordinal).Select(queue => $"'{queue}'"));
            await MeetingsAsync(entry, id, existing is null, group, ct);
        }

        await LeftAsIsAsync("steering group", groups.Keys.Except(wanted.Select(group => group.Name?.Trim() ?? ""), StringComparer.Ordinal).Select(name => $"'{name}'"));
    }

    /// <summary>A group's calendar from today on becomes the file's meetings, and its cut-off days the file's, when the file names them.</summary>
    private async Task MeetingsAsync(string entry, Guid groupId, bool created, AssociationFile.SteeringGroupEntry group, CancellationToken ct)
    {
        if (group.Meetings is null && group.CutOffDays is null)
            return;

        var current = created ? null : await mediator.Send(new GetMeetings.Query(groupId), ct);
        var ahead = current?.Meetings.Select(meeting => meeting.On).Order().ToList() ?? [];
        var wanted = group.Meetings?.Distinct().Order().ToList() ?? ahead;
        var cutOff = group.CutOffDays ?? current?.CutOffDays;
        if (current is not null && wanted.SequenceEqual(ahead) && cutOff == current.CutOffDays)
            return;

        var what = string.Join("; ", new[]
        {
            group.Meetings is null ? null : $"meetings [{string.Join(", ", wanted.Select(date => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)))}]",
            group.CutOffDays is null ? null : $"cut-off {group.CutOffDays} days before each",
        }.Where(part => part is not null));
        await ChangeAsync(entry, what, () => mediator.Send(new ReplaceMeetings.Command(wanted, group.CutOffDays) { SteeringGroupId = groupId }, ct).AsTask());
    }

    /// <summary>
    /// The association's own categories: created, relabelled, retired or reinstated to match the file. A national
    /// category may be named with only the association's notice and blocksSubmission; its label is not the association's.
    /// </summary>
    private async Task CategoriesAsync(CancellationToken ct)
    {
        var current = (await mediator.Send(new ListCategories.Query(_code), ct)).Categories.ToDictionary(category => category.Code, StringComparer.Ordinal);
        var wanted = file.Categories ?? [];
        foreach (var category in wanted)
        {
            var code = Codes.Canonical(category.Code) ?? "";
            var entry = $"category {code}";
            var (label, description, notice) = (category.Label?.Trim(), category.Description?.Trim(), Associations.TextOrNull(category.Notice));
            if (!current.TryGetValue(code, out var existing))
            {
                await ChangeAsync(entry, $"create '{label}'", () => mediator.Send(
                    new CreateCategory.Command(code, label, description, notice, category.BlocksSubmission ?? false) { AssociationCode = _code }, ct).AsTask());
                if (category.Active == false)
                {
                    await ChangeAsync(entry, "retire", () => mediator.Send(
                        new UpdateCategory.Command { AssociationCode = _code, CategoryCode = code, IsActive = false }, ct).AsTask());
                }

                continue;
            }

            if (existing.National && (label is not null || description is not null || category.Active is not null))
                throw new ApplyException($"{entry}: a national category takes only the association's notice and blocksSubmission, not a label, description or active.");

            var patch = new UpdateCategory.Command { AssociationCode = _code, CategoryCode = code };
            var changed = new List<string>();
            if (label is not null && label != existing.Label)
                { patch = patch with { Label = label }; changed.Add($"label '{existing.Label}' to '{label}'"); }
            if (description is not null && description != existing.Description)
                { patch = patch with { Description = description }; changed.Add("description"); }
            if (category.Notice is not null && notice != existing.Notice)
                { patch = patch with { Notice = notice }; changed.Add("notice"); }
            if (category.BlocksSubmission is { } blocks && blocks != existing.BlocksSubmission)
                { patch = patch with { BlocksSubmission = blocks }; changed.Add(blocks ? "blocks submission" : "no longer blocks submission"); }
            if (category.Active is { } active && active != existing.IsActive)
                { patch = patch with { IsActive = active }; changed.Add(active ? "reinstate" : "retire"); }
            if (changed.Count > 0)
                await ChangeAsync(entry, string.Join(", ", changed), () => mediator.Send(patch, ct).AsTask());
        }

        await LeftAsIsAsync("category", current.Values.Where(category => !category.National).Select(category => category.Code)
            .Except(wanted.Select(category => Codes.Canonical(category.Code) ?? ""), StringComparer.Ordinal));
    }

    private async Task MembersAsync(CancellationToken ct)
    {
        var current = (await mediator.Send(new ListMembers.Query(_code), ct)).Members.ToDictionary(member => member.Email, StringComparer.Ordinal);
        var wanted = file.Members ?? [];
        foreach (var member in wanted)
        {
            var email = Email(member.Email);
            var entry = $"member {email}";
            var roles = (member.Roles ?? []).Select(role => Codes.Canonical(role)).ToList();
            var parties = (member.Parties ?? []).Select(party => _parties.TryGetValue(party.Trim(), out var id) ? id
                : throw new ApplyException($"{entry}: there is no party '{party.Trim()}' in {_code} or in the file.")).Distinct().Order().ToList();
            current.TryGetValue(email, out var existing);
            var sameRoles = existing is not null && existing.Roles.Order(StringComparer.Ordinal).SequenceEqual(roles.Distinct().Order(StringComparer.Ordinal));
            var sameParties = existing is not null && existing.Parties.Select(party => party.Id).Order().SequenceEqual(parties);
            if (sameRoles && sameParties)
                continue;

            var names = (member.Parties ?? []).Select(party => party.Trim());
            await ChangeAsync(entry, $"{(existing is null ? "add" : "set")} roles [{string.Join(", ", roles)}]{(parties.Count > 0 ? $", parties [{string.Join(", ", names)}]" : "")}",
                () => mediator.Send(new SetMember.Command(roles, parties) { AssociationCode = _code, Email = email }, ct).AsTask());
        }

        // A triager named in the file's steering groups is in the file, though not among its members.
        var triagers = (file.SteeringGroups ?? []).SelectMany(group => group.Members ?? []).Select(Email);
        await LeftAsIsAsync("member", current.Keys.Except(wanted.Select(member => Email(member.Email)).Concat(triagers), StringComparer.Ordinal));
    }

    private async Task RoutingRulesAsync(CancellationToken ct)
    {
        var current = (await mediator.Send(new ListRoutingRules.Query(_code), ct)).Rules;
        var matched = new HashSet<Guid>();
        foreach (var rule in file.RoutingRules ?? [])
        {
            var description = rule.Description?.Trim();
            var entry = $"routing rule '{description}'";
            var kind = Kind(rule.PartyKind, entry);
            var priority = rule.Priority ?? CreateRoutingRule.DefaultPriority;
            var (area, category, queue, forwardTo) = (Codes.Canonical(rule.Area), Codes.Canonical(rule.Category), rule.Queue?.Trim(), Codes.Canonical(rule.ForwardTo));
            var same = current.FirstOrDefault(existing => existing.Area?.Code == area && existing.PartyKind == kind && existing.Category == category
                && existing.Priority == priority);
            if (same is not null)
            {
                matched.Add(same.Id);
                if (same.Queue?.Name != queue || same.ForwardTo?.Code != forwardTo || same.Description != description)
                {
                    _leftAsIs++;
                    await output.WriteLineAsync($"  ! {entry}: rule {same.Id} has the same criteria and priority but another target or description: "
                        + "left as is (delete it through the API to replace it).");
                }

                continue;
            }

            Guid? queueId = queue is null ? null
                : _queues.TryGetValue(queue, out var id) ? id : throw new ApplyException($"{entry}: there is no queue '{queue}' in {_code} or in the file.");
            await ChangeAsync(entry, $"create ({Criteria(area, rule.PartyKind, category)} → {(queue is null ? $"forward to {forwardTo}" : $"queue '{queue}'")}, priority {priority})",
                () => mediator.Send(new CreateRoutingRule.Command(description, area, kind, category, queueId, forwardTo, priority) { AssociationCode = _code }, ct).AsTask());
        }

        await LeftAsIsAsync("routing rule", current.Where(rule => !matched.Contains(rule.Id)).Select(rule => $"'{rule.Description}'"));
    }

    private static string Criteria(string? area, string? kind, string? category) =>
        string.Join(", ", new[] { area is null ? null : $"area {area}", kind is null ? null : $"party kind {kind}", category is null ? null : $"category {category}" }
            .Where(part => part is not null)) is { Length: > 0 } criteria ? criteria : "anything";

    private static string Email(string? email) => EmailRules.Normalize(email)?.ToLowerInvariant() ?? "";

    private static PartyKind? Kind(string? code, string entry)
    {
        if (code is null)
            return null;
        var trimmed = Codes.Canonical(code);
        foreach (var kind in Enum.GetValues<PartyKind>())
        {
            if (Codes.Of(kind) == trimmed)
                return kind;
        }

        throw new ApplyException($"{entry}: '{trimmed}' is not a party kind: the kinds are {string.Join(", ", Enum.GetValues<PartyKind>().Select(kind => $"'{Codes.Of(kind)}'"))}.");
    }

    /// <summary>One change: printed, then made (inside the run's transaction; a dry run rolls it back).</summary>
    private async Task ChangeAsync(string entry, string what, Func<Task> change)
    {
        await output.WriteLineAsync($"  + {entry}: {what}");
        try
        {
            await change();
        }
        catch (Exception exception)
        {
            exception.Data[ApplyException.EntryKey] = entry;
            throw;
        }

        _changes++;
    }

    private async Task LeftAsIsAsync(string what, IEnumerable<string> names)
    {
        foreach (var name in names)
        {
            _leftAsIs++;
            await output.WriteLineAsync($"  = {what} {name}: not in the file, left as is");
        }
    }
}
