// ImplicitUsings is off repository-wide; these are the namespaces nearly every simulator file needs.
global using System;
global using System.Collections.Generic;
global using System.Linq;
global using System.Threading;
global using System.Threading.Tasks;
#if !NET9_0_OR_GREATER
// System.Threading.Lock arrived in .NET 9; on .NET 8 the same lock statements take a plain object's monitor.
global using Lock = System.Object;
#endif
