using System.Text;
using RightSize.Orchestration;
using RightSize.Server.Hosting;

namespace RightSize.Server.Dashboard;

/// <summary>Keeps report.html and metrics.csv of every job that ends, in <c>DATA/reports/JOB/</c>, for the dashboard's downloads.</summary>
internal sealed class DashboardReports(ServerOptions options) : IJobEndedObserver
{
    public async Task EndedAsync(JobRecord job)
    {
        if (DashboardDownloads.FolderOf(options, job.Plan.JobName) is not { } folder)
        {
            return;
        }

        try
        {
            Directory.CreateDirectory(folder);
            foreach (var file in new[] { DashboardDownloads.ReportFile, DashboardDownloads.MetricsFile })
            {
                // Written aside and moved in, so a download never reads half a file.
                var path = Path.Combine(folder, file);
                await using (var writer = new StreamWriter(path + ".tmp", append: false, Encoding.UTF8))
                {
                    DashboardDownloads.Render(job, file, writer);
                }

                File.Move(path + ".tmp", path, overwrite: true);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The job's results are in the store either way; the dashboard then offers describe.json alone for it.
        }
    }
}
