/*
 * bcryptprimitives.dll for Wine before 9.0, which lacks it: the Go runtime (1.22 and later)
 * will not start without its ProcessPrng, which Windows 10 and later have. scripts/wine.sh
 * builds it into its Wine prefix's system32 when the prefix's Wine has none; nothing built
 * for Windows ships it.
 */
#include <windows.h>
#include <bcrypt.h>

/* ProcessPrng fills data with len random bytes from the system's generator. */
__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T len)
{
	while (len > 0) {
		ULONG n = len > 0x40000000 ? 0x40000000 : (ULONG)len;
		if (!BCRYPT_SUCCESS(BCryptGenRandom(NULL, data, n, BCRYPT_USE_SYSTEM_PREFERRED_RNG)))
			return FALSE;
		data += n;
		len -= n;
	}
	return TRUE;
}
