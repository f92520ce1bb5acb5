using Dashboard.Server;
using Dashboard.Web.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.WebHost.UseDashboardHostDefaults(builder.Configuration);
builder.Services.AddDashboardBackend();
builder.Services.AddDashboardUi();

var app = builder.Build();
app.UseDashboardUi();
app.Run();

public partial class Program;
