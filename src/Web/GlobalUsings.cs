// ASP.NET's implicit usings bring Microsoft.AspNetCore.Routing.Route; in this app a route is a kernel route.
global using Route = Dashboard.Server.Routing.Route;
