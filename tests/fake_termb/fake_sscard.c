/*
 * A stand-in for a 社保卡 reader's SSCardDriver library (REFERENCE.md "Devices"), so the
 * ctypes adapter in drivers/sscard/dll.py runs for real: iReadCardBas, and the
 * third-generation online two-step iReadCardBas_HSM_Step1 / _Step2. Text is GBK; 0 = ok.
 *
 * Build: cc -shared -fPIC -o libsscard.so fake_sscard.c
 * Control: fake_sscard_set(mode, generation). mode 0 ok, otherwise the (negative) return
 * code iReadCardBas gives, e.g. -2 no card, -11 reader not connected. The HSM's answer
 * that step 2 accepts is "HSM-OK"; any other key makes step 2 return -25.
 */
#include <string.h>

#ifdef _WIN32
#define EXPORT __declspec(dllexport)
#define CALL __stdcall
#else
#define EXPORT __attribute__((visibility("default")))
#define CALL
#endif

/* 张伟, second generation */
static const char SECOND[] =
    "330100|330102198506150315|A00000101|330100D15620000ABCDEF0123456789A|\xd5\xc5\xce\xb0"
    "|3B6D000080318065B0872701BC83089000|2.00|20160301|20360301|T0001|D0001|";
/* third generation: number and name empty until the online step */
static const char THIRD_BASIC[] =
    "330100||C30000201|330100D15630000ABCDEF0123456789B||3B6D000080318065B0872701BC83089000"
    "|3.00|20240601|20340601|T0001|D0001|";
/* 李秀英, after the online step */
static const char THIRD_FULL[] =
    "330100|330106195803080220|C30000201|330100D15630000ABCDEF0123456789B|\xc0\xee\xd0\xe3\xd3\xa2"
    "|3B6D000080318065B0872701BC83089000|3.00|20240601|20340601|T0001|D0001|";

static long mode = 0;
static int generation = 2;
static int step1_done = 0;

EXPORT void fake_sscard_set(long new_mode, int new_generation) {
    mode = new_mode;
    generation = new_generation;
    step1_done = 0;
}

EXPORT long CALL iReadCardBas(int type, char *out) {
    if (out == NULL || type < 1 || type > 4) return -14;
    if (mode != 0) return mode;
    strcpy(out, generation >= 3 ? THIRD_BASIC : SECOND);
    return 0;
}

EXPORT long CALL iReadCardBas_HSM_Step1(int type, char *out) {
    if (out == NULL || type < 1 || type > 4) return -14;
    if (mode != 0) return mode;
    strcpy(out, "STEP1|C30000201|9F1A2B3C4D5E6F70");
    step1_done = 1;
    return 0;
}

EXPORT long CALL iReadCardBas_HSM_Step2(char *key, char *out) {
    if (out == NULL || key == NULL) return -14;
    if (!step1_done) return -12;
    step1_done = 0;
    if (strcmp(key, "HSM-OK") != 0) return -25;
    strcpy(out, THIRD_FULL);
    return 0;
}
