using System.Runtime.CompilerServices;

[assembly: InternalsVisibleTo("SessionCloser.GatewayTests")]
