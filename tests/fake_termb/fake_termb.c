/*
 * A stand-in for the Huashi termb library (REFERENCE.md "Devices"), so the ctypes adapter
 * in drivers/idcard/termb.py is exercised for real. Same exported functions, same calling
 * pattern: CVR_InitComm(port) -> CVR_Authenticate() -> CVR_Read_Content(n) -> getters
 * filling (char *buf, int *len) with GBK text; 1 means success. Like the real SDK, a read
 * writes zp.bmp, wz.txt and xp.wlt into the current working directory.
 *
 * Build: cc -shared -fPIC -o libtermb.so fake_termb.c   (-DWITH_BMPDATA adds GetBMPData)
 *
 * Control (the tests): FAKE_TERMB_MODE / FAKE_TERMB_PERSON environment variables, read at
 * CVR_InitComm, or the exported fake_set_mode() / fake_set_person() setters.
 *   mode 0 ok, 1 no card (Authenticate 2), 2 read fails (Read_Content 0),
 *        3 port cannot open (InitComm 2), 4 reader unplugged (Authenticate 4),
 *        5 select fails (Authenticate 3)
 *   person 0 居民身份证, 1 港澳台居民居住证 (J), 2 永居证 2023 (Y), 3 居民身份证 长期
 * Strings are GBK bytes written as escapes, so this file is plain ASCII.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifdef _WIN32
#define EXPORT __declspec(dllexport)
#define CALL __stdcall
#else
#define EXPORT __attribute__((visibility("default")))
#define CALL
#endif

struct person {
    const char *name, *sex, *nation, *birth, *address, *id, *dept, *start, *end, *cert;
};

static const struct person PEOPLE[] = {
    /* 张伟 男 汉 浙江省杭州市上城区湖滨街道平海路1号 杭州市公安局上城分局 */
    {"\xd5\xc5\xce\xb0", "\xc4\xd0", "\xba\xba", "19850615",
     "\xd5\xe3\xbd\xad\xca\xa1\xba\xbc\xd6\xdd\xca\xd0\xc9\xcf\xb3\xc7\xc7\xf8\xba\xfe\xb1\xf5"
     "\xbd\xd6\xb5\xc0\xc6\xbd\xba\xa3\xc2\xb7\x31\xba\xc5",
     "330102198506150315",
     "\xba\xbc\xd6\xdd\xca\xd0\xb9\xab\xb0\xb2\xbe\xd6\xc9\xcf\xb3\xc7\xb7\xd6\xbe\xd6",
     "20150301", "20350301", " "},
    /* 陈嘉欣 女 广东省深圳市福田区华富街道莲花一村 深圳市公安局 (J) */
    {"\xb3\xc2\xbc\xce\xd0\xc0", "\xc5\xae", "", "19940815",
     "\xb9\xe3\xb6\xab\xca\xa1\xc9\xee\xdb\xda\xca\xd0\xb8\xa3\xcc\xef\xc7\xf8\xbb\xaa\xb8\xbb"
     "\xbd\xd6\xb5\xc0\xc1\xab\xbb\xa8\xd2\xbb\xb4\xe5",
     "810000199408150021", "\xc9\xee\xdb\xda\xca\xd0\xb9\xab\xb0\xb2\xbe\xd6",
     "20200101", "20250101", "J"},
    /* 安德鲁·史密斯 男 中华人民共和国国家移民管理局 (Y) */
    {"\xb0\xb2\xb5\xc2\xc2\xb3\xa1\xa4\xca\xb7\xc3\xdc\xcb\xb9", "\xc4\xd0", "", "19850101", "",
     "932682198501010017",
     "\xd6\xd0\xbb\xaa\xc8\xcb\xc3\xf1\xb9\xb2\xba\xcd\xb9\xfa\xb9\xfa\xbc\xd2\xd2\xc6\xc3\xf1"
     "\xb9\xdc\xc0\xed\xbe\xd6",
     "20230601", "20330601", "Y"},
    /* 李秀英 女 汉 浙江省杭州市西湖区北山街道曙光路9号 杭州市公安局西湖分局 长期 */
    {"\xc0\xee\xd0\xe3\xd3\xa2", "\xc5\xae", "\xba\xba", "19580308",
     "\xd5\xe3\xbd\xad\xca\xa1\xba\xbc\xd6\xdd\xca\xd0\xce\xf7\xba\xfe\xc7\xf8\xb1\xb1\xc9\xbd"
     "\xbd\xd6\xb5\xc0\xca\xef\xb9\xe2\xc2\xb7\x39\xba\xc5",
     "330106195803080220",
     "\xba\xbc\xd6\xdd\xca\xd0\xb9\xab\xb0\xb2\xbe\xd6\xce\xf7\xba\xfe\xb7\xd6\xbe\xd6",
     "20080101", "\xb3\xa4\xc6\xda", ""},
};
#define PEOPLE_COUNT ((int)(sizeof(PEOPLE) / sizeof(PEOPLE[0])))

/* A 2 x 2 pixel, 24-bit BMP: the "photo". */
static const unsigned char PHOTO[] = {
    'B', 'M', 70, 0, 0, 0, 0, 0, 0, 0, 54, 0, 0, 0, /* file header */
    40, 0, 0, 0, 2, 0, 0, 0, 2, 0, 0, 0, 1, 0, 24, 0, 0, 0, 0, 0, 16, 0, 0, 0,
    0x13, 0x0b, 0, 0, 0x13, 0x0b, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, /* info header */
    0x80, 0x80, 0x80, 0xff, 0xff, 0xff, 0, 0, /* row 0 + padding */
    0xff, 0xff, 0xff, 0x80, 0x80, 0x80, 0, 0, /* row 1 + padding */
};

static int mode = -1;   /* -1: not yet read from the environment */
static int person = -1;
static int port_open = 0;
static int card_loaded = 0;
static int init_calls = 0;
static int close_calls = 0;

static int env_int(const char *name) {
    const char *value = getenv(name);
    return value ? atoi(value) : 0;
}

EXPORT void fake_set_mode(int value) { mode = value; }
EXPORT void fake_set_person(int value) { person = value; }
EXPORT int fake_init_calls(void) { return init_calls; }
EXPORT int fake_close_calls(void) { return close_calls; }

static const struct person *current(void) {
    int index = person < 0 ? 0 : person;
    return &PEOPLE[index % PEOPLE_COUNT];
}

EXPORT int CALL CVR_InitComm(int port) {
    init_calls++;
    if (mode < 0) mode = env_int("FAKE_TERMB_MODE");
    if (person < 0) person = env_int("FAKE_TERMB_PERSON");
    if (mode == 3) return 2;
    if (!((port >= 1 && port <= 16) || (port >= 1001 && port <= 1016))) return 2;
    port_open = 1;
    return 1;
}

EXPORT int CALL CVR_CloseComm(void) {
    close_calls++;
    port_open = 0;
    card_loaded = 0;
    return 1;
}

EXPORT int CALL CVR_Authenticate(void) {
    card_loaded = 0;
    if (!port_open) return 4;
    if (mode == 1) return 2;
    if (mode == 4) { port_open = 0; return 4; }
    if (mode == 5) return 3;
    return 1;
}

static void write_file(const char *path, const void *data, size_t size) {
    FILE *f = fopen(path, "wb");
    if (!f) return;
    fwrite(data, 1, size, f);
    fclose(f);
}

EXPORT int CALL CVR_Read_Content(int active) {
    const struct person *p = current();
    char text[512];
    unsigned char wlt[1024];
    (void)active;
    if (!port_open) return 4;
    if (mode == 2) return 0;
    /* What the SDK leaves behind: the personal data in plain files. */
    snprintf(text, sizeof text, "%s|%s|%s|%s|%s\r\n", p->name, p->sex, p->birth, p->id, p->address);
    write_file("wz.txt", text, strlen(text));
    write_file("zp.bmp", PHOTO, sizeof PHOTO);
    memset(wlt, 0x5a, sizeof wlt);
    write_file("xp.wlt", wlt, sizeof wlt);
    card_loaded = 1;
    return 1;
}

static int put(const char *value, char *buf, int *len) {
    int size = (int)strlen(value);
    if (!card_loaded || buf == NULL || len == NULL) return 0;
    if (*len <= size) return 0; /* the caller's buffer is too small */
    memcpy(buf, value, (size_t)size + 1);
    *len = size;
    return 1;
}

EXPORT int CALL GetPeopleName(char *buf, int *len) { return put(current()->name, buf, len); }
EXPORT int CALL GetPeopleSex(char *buf, int *len) { return put(current()->sex, buf, len); }
EXPORT int CALL GetPeopleNation(char *buf, int *len) { return put(current()->nation, buf, len); }
EXPORT int CALL GetPeopleBirthday(char *buf, int *len) { return put(current()->birth, buf, len); }
EXPORT int CALL GetPeopleAddress(char *buf, int *len) { return put(current()->address, buf, len); }
EXPORT int CALL GetPeopleIDCode(char *buf, int *len) { return put(current()->id, buf, len); }
EXPORT int CALL GetDepartment(char *buf, int *len) { return put(current()->dept, buf, len); }
EXPORT int CALL GetStartDate(char *buf, int *len) { return put(current()->start, buf, len); }
EXPORT int CALL GetEndDate(char *buf, int *len) { return put(current()->end, buf, len); }
EXPORT int CALL GetCertType(char *buf, int *len) { return put(current()->cert, buf, len); }

#ifdef WITH_BMPDATA
EXPORT int CALL GetBMPData(unsigned char *buf, int *len) {
    if (!card_loaded || buf == NULL || len == NULL || *len < (int)sizeof PHOTO) return 0;
    memcpy(buf, PHOTO, sizeof PHOTO);
    *len = (int)sizeof PHOTO;
    return 1;
}
#endif
