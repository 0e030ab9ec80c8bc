/* msg/fa.c: the Persian catalogue, one entry per id of ui_msgs.def. Plural messages give the
 * forms one, other (a Persian noun after a number stays singular, so they are often alike).
 * Numbers come out in Persian digits through ui_format; the percent sign is written ٪. */
#include "ui_i18n.h"

const struct ui_msg_text ui_msg_fa[UI_MSG_COUNT] = {
    /* screen titles */
    [MSG_TITLE_LIBRARY] = {{"کتابخانه"}},
    [MSG_TITLE_ARTICLE] = {{"مقاله"}},
    [MSG_TITLE_MENU] = {{"منو"}},
    [MSG_TITLE_SETTINGS] = {{"تنظیمات"}},
    [MSG_TITLE_SEARCH] = {{"جستجو"}},
    [MSG_TITLE_RESULTS] = {{"نتایج"}},
    [MSG_TITLE_HELP] = {{"راهنما"}},

    /* library */
    [MSG_LIB_CONTINUE] = {{"ادامهٔ خواندن"}},
    [MSG_LIB_NEWS_FROM] = {{"اخبارِ %s پیش"}},
    [MSG_LIB_NEWS_NOW] = {{"اخبارِ همین حالا"}},
    [MSG_LIB_ALL] = {{"همه"}},
    [MSG_LIB_UNREAD] = {{"خوانده‌نشده"}},
    [MSG_LIB_STARRED] = {{"نشان‌شده"}},
    [MSG_LIB_SECTION] = {{"بخش"}},
    [MSG_LIB_LANGUAGE] = {{"زبان"}},
    [MSG_LIB_PUBLISHER] = {{"ناشر"}},
    [MSG_LIB_FILTER] = {{"فیلتر"}},
    [MSG_LIB_CLEAR_FILTER] = {{"حذف فیلتر"}},
    [MSG_LIB_PAGE_OF] = {{"صفحهٔ %d از %d"}},
    [MSG_LIB_N_ARTICLES] = {{"%d مقاله", "%d مقاله"}},
    [MSG_LIB_NO_ARTICLES] = {{"مقاله‌ای نیست"}},
    [MSG_LIB_GROUP_CONTINUED] = {{"%s (ادامه)"}},
    [MSG_LIB_UNVERIFIED] = {{"تأییدنشده"}},
    [MSG_LIB_STAR] = {{"نشان‌گذاری"}},
    [MSG_LIB_UNSTAR] = {{"برداشتن نشان"}},
    [MSG_LIB_MARK_READ] = {{"علامت‌گذاری به‌عنوان خوانده‌شده"}},
    [MSG_LIB_MARK_UNREAD] = {{"علامت‌گذاری به‌عنوان خوانده‌نشده"}},
    [MSG_LIB_DELETE] = {{"حذف"}},
    [MSG_LIB_DELETE_ASK] = {{"این مقاله حذف شود؟"}},
    [MSG_YES] = {{"بله"}},
    [MSG_NO] = {{"خیر"}},
    [MSG_CANCEL] = {{"لغو"}},

    /* relative times */
    [MSG_TIME_JUST_NOW] = {{"همین حالا"}},
    [MSG_TIME_AGO] = {{"%s پیش"}},
    [MSG_TIME_SECONDS] = {{"%d ثانیه", "%d ثانیه"}},
    [MSG_TIME_MINUTES] = {{"%d دقیقه", "%d دقیقه"}},
    [MSG_TIME_HOURS] = {{"%d ساعت", "%d ساعت"}},
    [MSG_TIME_DAYS] = {{"%d روز", "%d روز"}},

    /* sync */
    [MSG_SYNC_NEVER] = {{"هنوز همگام‌سازی نشده"}},
    [MSG_SYNC_JUST_NOW] = {{"همین حالا همگام‌سازی شد"}},
    [MSG_SYNC_AGO] = {{"%s پیش همگام‌سازی شد"}},
    [MSG_SYNC_PROGRESS] = {{"همگام‌سازی %d از %d"}},
    [MSG_SYNC_STARTING] = {{"در حال همگام‌سازی…"}},
    [MSG_SYNC_OFFLINE] = {{"آفلاین"}},
    [MSG_SYNC_FAILED] = {{"همگام‌سازی ناموفق بود: %s"}},
    [MSG_SYNC_NOW] = {{"همگام‌سازی اکنون"}},
    [MSG_SYNC_WHY_NET] = {{"اتصال برقرار نیست"}},
    [MSG_SYNC_WHY_TIMEOUT] = {{"سرور دیگر پاسخ نمی‌دهد"}},
    [MSG_SYNC_WHY_BUSY] = {{"همگام‌سازی دیگری در جریان است"}},
    [MSG_SYNC_WHY_SIGNATURE] = {{"امضای نادرست"}},
    [MSG_SYNC_WHY_HASH] = {{"بارگیری آسیب‌دیده"}},
    [MSG_SYNC_WHY_UNTRUSTED] = {{"ناشر مورد اعتماد نیست"}},
    [MSG_SYNC_WHY_STALE] = {{"فهرست قدیمی پذیرفته نشد"}},
    [MSG_SYNC_WHY_DISK] = {{"دیسک پر است"}},
    [MSG_SYNC_WHY_FORMAT] = {{"دادهٔ نادرست از سرور"}},
    [MSG_SYNC_WHY_NOT_FOUND] = {{"روی سرور پیدا نشد"}},
    [MSG_SYNC_WHY_OTHER] = {{"خطا"}},

    /* status line */
    [MSG_STATUS_PAGE_OF] = {{"%d از %d"}},
    [MSG_STATUS_PAGES_LEFT] = {{"%d صفحه مانده", "%d صفحه مانده"}},

    /* menu */
    [MSG_MENU_LIBRARY] = {{"کتابخانه"}},
    [MSG_MENU_SETTINGS] = {{"تنظیمات"}},
    [MSG_MENU_SEARCH] = {{"جستجو"}},
    [MSG_MENU_HELP] = {{"راهنما"}},
    [MSG_MENU_SYNC_NOW] = {{"همگام‌سازی اکنون"}},
    [MSG_MENU_NIGHT] = {{"حالت شب"}},
    [MSG_MENU_NEXT_ARTICLE] = {{"مقالهٔ بعدی"}},
    [MSG_MENU_PREV_ARTICLE] = {{"مقالهٔ قبلی"}},
    [MSG_MENU_STAR] = {{"نشان‌گذاری"}},
    [MSG_MENU_CLOSE] = {{"بستن"}},
    [MSG_MENU_BACK] = {{"بازگشت"}},

    /* settings: labels */
    [MSG_SET_FONT_SIZE] = {{"اندازهٔ قلم"}},
    [MSG_SET_FONT_FAMILY] = {{"قلم"}},
    [MSG_SET_MARGINS] = {{"حاشیه‌ها"}},
    [MSG_SET_LINE_SPACING] = {{"فاصلهٔ سطرها"}},
    [MSG_SET_JUSTIFY] = {{"تراز دوطرفه"}},
    [MSG_SET_HYPHENATE] = {{"شکستن واژه‌ها"}},
    [MSG_SET_FULL_EVERY] = {{"نوسازی کامل صفحه"}},
    [MSG_SET_FULL_EVERY_NIGHT] = {{"نوسازی کامل در حالت شب"}},
    [MSG_SET_NIGHT] = {{"حالت شب"}},
    [MSG_SET_ROTATION] = {{"چرخش صفحه"}},
    [MSG_SET_DARKNESS] = {{"پررنگی متن"}},
    [MSG_SET_UI_LANG] = {{"زبان رابط کاربری"}},
    [MSG_SET_LEFT_HANDED] = {{"حالت چپ‌دست"}},
    [MSG_SET_SYNC_EVERY] = {{"همگام‌سازی خودکار"}},
    [MSG_SET_SLEEP_AFTER] = {{"خواب پس از"}},
    [MSG_SET_KIOSK_INTERVAL] = {{"کیوسک: صفحهٔ بعد پس از"}},
    [MSG_SET_KIOSK_IDLE] = {{"کیوسک: ادامه پس از"}},
    [MSG_SET_KIOSK_SECTIONS] = {{"کیوسک: بخش‌ها"}},
    [MSG_SET_KIOSK_DEEP_CLEAN] = {{"کیوسک: پاک‌سازی کامل (ساعت)"}},

    /* settings: values */
    [MSG_VAL_SERIF] = {{"سریف"}},
    [MSG_VAL_SANS] = {{"بدون سریف"}},
    [MSG_VAL_ON] = {{"روشن"}},
    [MSG_VAL_OFF] = {{"خاموش"}},
    [MSG_VAL_DEGREES] = {{"%d درجه"}},
    [MSG_VAL_PX] = {{"%d پیکسل"}},
    [MSG_VAL_PERCENT] = {{"%d٪"}},
    [MSG_VAL_EVERY_PAGES] = {{"هر %d صفحه", "هر %d صفحه"}},
    [MSG_VAL_EVERY_MINUTES] = {{"هر %d دقیقه", "هر %d دقیقه"}},
    [MSG_VAL_NEVER] = {{"هرگز"}},
    [MSG_VAL_DEVICE_DEFAULT] = {{"پیش‌فرض دستگاه"}},
    [MSG_VAL_ALL_SECTIONS] = {{"همهٔ بخش‌ها"}},

    /* search and the on-screen keyboard */
    [MSG_SEARCH] = {{"جستجو"}},
    [MSG_SEARCH_PROMPT] = {{"واژه‌ای بنویسید"}},
    [MSG_SEARCH_N_RESULTS] = {{"%d نتیجه", "%d نتیجه"}},
    [MSG_SEARCH_NO_RESULTS] = {{"نتیجه‌ای پیدا نشد"}},
    [MSG_KEY_SPACE] = {{"فاصله"}},
    [MSG_KEY_BACKSPACE] = {{"پاک کردن"}},
    [MSG_KEY_ENTER] = {{"تأیید"}},
    [MSG_KEY_HIDE] = {{"پنهان کردن"}},
    [MSG_KBD_LATIN] = {{"لاتین"}},
    [MSG_KBD_CYRILLIC] = {{"سیریلیک"}},
    [MSG_KBD_PERSIAN] = {{"فارسی"}},

    /* help */
    [MSG_HELP_KEYS] = {{"کلیدها"}},
    [MSG_HELP_TAP_ZONES] = {{"ناحیه‌های لمس"}},
    [MSG_HELP_HOLD] = {{"نگه داشتن"}},
    [MSG_HELP_SWIPE] = {{"کشیدن"}},
    [MSG_ACT_NEXT_PAGE] = {{"صفحهٔ بعد"}},
    [MSG_ACT_PREV_PAGE] = {{"صفحهٔ قبل"}},
    [MSG_ACT_UP] = {{"بالا"}},
    [MSG_ACT_DOWN] = {{"پایین"}},
    [MSG_ACT_OPEN] = {{"باز کردن"}},
    [MSG_ACT_BACK] = {{"بازگشت"}},
    [MSG_ACT_MENU] = {{"منو"}},
    [MSG_ACT_LARGER] = {{"متن بزرگ‌تر"}},
    [MSG_ACT_SMALLER] = {{"متن کوچک‌تر"}},
    [MSG_ACT_SEARCH] = {{"جستجو"}},
    [MSG_ACT_STAR] = {{"نشان‌گذاری"}},
    [MSG_ACT_HELP] = {{"راهنما"}},
    [MSG_ACT_ARTICLE_ACTIONS] = {{"کارهای یک مقاله (لمس طولانی)"}},
    [MSG_ACT_FIRST] = {{"صفحهٔ نخست"}},
    [MSG_ACT_LAST] = {{"صفحهٔ آخر"}},
    [MSG_HELP_RTL_ZONES] =
        {{"در مقالهٔ راست‌به‌چپ صفحه‌ها به سوی دیگر ورق "
          "می‌خورند: «بعدی» در سمت چپ است."}},
    [MSG_HELP_LEFT_HANDED] = {{"ناحیه‌های چپ‌دست روشن است: "
                               "دو سو جابه‌جا شده‌اند."}},

    /* errors */
    [MSG_ERR_LIBRARY_OPEN] = {{"کتابخانه باز نشد"}},
    [MSG_ERR_TRY_AGAIN] = {{"تلاش دوباره"}},
    [MSG_ERR_QUIT] = {{"خروج"}},

    /* sleep */
    [MSG_SLEEP_TITLE] = {{"در حالت خواب"}},
    [MSG_SLEEP_WAKE] = {{"برای بیدار کردن، صفحه را لمس کنید یا کلیدی را بزنید"}},
    [MSG_SLEEP_LAST_SYNC] = {{"آخرین همگام‌سازی: %s"}},

    /* kiosk */
    [MSG_KIOSK_UPDATED] = {{"%s پیش به‌روز شد"}},
    [MSG_KIOSK_UPDATED_NOW] = {{"همین حالا به‌روز شد"}},
    [MSG_KIOSK_PAUSED] = {{"مکث — برای ادامهٔ خواندن لمس کنید"}},
};
