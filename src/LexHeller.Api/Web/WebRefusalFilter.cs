using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;

namespace LexHeller.Api.Web;

/// <summary>
/// For every page: what is not there, or not the user's to see, is answered as the API answers it
/// (404, or a sign-in / no-access page), never as an error of ours.
/// </summary>
public sealed class WebRefusalFilter : IAsyncPageFilter
{
    public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

    public async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        var executed = await next();
        IActionResult? result = executed.Exception switch
        {
            NotFoundException => new NotFoundResult(),
            // A query the page sent from the address line (a status filter, a paging cursor) that did not hold.
            FluentValidation.ValidationException => new BadRequestResult(),
            ForbiddenException => new ForbidResult(),
            AuthenticationRequiredException => new ChallengeResult(),
            _ => null,
        };
        if (result is not null)
        {
            executed.Result = result;
            executed.ExceptionHandled = true;
        }
    }
}
