/* Where the platform's headers declare DeviceAuth_GetCertificatePath: the same declaration, so its code builds as is. */
#include <applibs/deviceauth.h>
