// ImplicitUsings is off repository-wide; these are the namespaces nearly every simulator file needs.
global using System;
global using System.Collections.Generic;
global using System.Linq;
global using System.Threading;
global using System.Threading.Tasks;
