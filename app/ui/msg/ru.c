/* msg/ru.c: the Russian catalogue, one entry per id of ui_msgs.def. Plural messages give the
 * forms one, few, many (1 статья, 2 статьи, 5 статей). */
#include "ui_i18n.h"

const struct ui_msg_text ui_msg_ru[UI_MSG_COUNT] = {
    /* screen titles */
    [MSG_TITLE_LIBRARY] = {{"Библиотека"}},
    [MSG_TITLE_ARTICLE] = {{"Статья"}},
    [MSG_TITLE_MENU] = {{"Меню"}},
    [MSG_TITLE_SETTINGS] = {{"Настройки"}},
    [MSG_TITLE_SEARCH] = {{"Поиск"}},
    [MSG_TITLE_RESULTS] = {{"Результаты"}},
    [MSG_TITLE_HELP] = {{"Справка"}},

    /* library */
    [MSG_LIB_CONTINUE] = {{"Продолжить чтение"}},
    [MSG_LIB_NEWS_FROM] = {{"Новости %s назад"}},
    [MSG_LIB_NEWS_NOW] = {{"Новости только что"}},
    [MSG_LIB_ALL] = {{"Все"}},
    [MSG_LIB_UNREAD] = {{"Непрочитанные"}},
    [MSG_LIB_STARRED] = {{"Избранное"}},
    [MSG_LIB_SECTION] = {{"Раздел"}},
    [MSG_LIB_LANGUAGE] = {{"Язык"}},
    [MSG_LIB_PUBLISHER] = {{"Издатель"}},
    [MSG_LIB_FILTER] = {{"Фильтр"}},
    [MSG_LIB_CLEAR_FILTER] = {{"Сбросить фильтр"}},
    [MSG_LIB_PAGE_OF] = {{"Страница %d из %d"}},
    [MSG_LIB_N_ARTICLES] = {{"%d статья", "%d статьи", "%d статей"}},
    [MSG_LIB_NO_ARTICLES] = {{"Нет статей"}},
    [MSG_LIB_UNVERIFIED] = {{"Не проверено"}},
    [MSG_LIB_STAR] = {{"В избранное"}},
    [MSG_LIB_UNSTAR] = {{"Убрать из избранного"}},
    [MSG_LIB_MARK_READ] = {{"Отметить как прочитанное"}},
    [MSG_LIB_MARK_UNREAD] = {{"Отметить как непрочитанное"}},
    [MSG_LIB_DELETE] = {{"Удалить"}},
    [MSG_LIB_DELETE_ASK] = {{"Удалить эту статью?"}},
    [MSG_YES] = {{"Да"}},
    [MSG_NO] = {{"Нет"}},
    [MSG_CANCEL] = {{"Отмена"}},

    /* relative times */
    [MSG_TIME_JUST_NOW] = {{"только что"}},
    [MSG_TIME_AGO] = {{"%s назад"}},
    [MSG_TIME_SECONDS] = {{"%d секунду", "%d секунды", "%d секунд"}},
    [MSG_TIME_MINUTES] = {{"%d минуту", "%d минуты", "%d минут"}},
    [MSG_TIME_HOURS] = {{"%d час", "%d часа", "%d часов"}},
    [MSG_TIME_DAYS] = {{"%d день", "%d дня", "%d дней"}},

    /* sync */
    [MSG_SYNC_NEVER] = {{"Ещё не синхронизировано"}},
    [MSG_SYNC_JUST_NOW] = {{"Синхронизировано только что"}},
    [MSG_SYNC_AGO] = {{"Синхронизировано %s назад"}},
    [MSG_SYNC_PROGRESS] = {{"Синхронизация: %d из %d"}},
    [MSG_SYNC_OFFLINE] = {{"Нет сети"}},
    [MSG_SYNC_FAILED] = {{"Ошибка синхронизации: %s"}},
    [MSG_SYNC_NOW] = {{"Синхронизировать"}},

    /* status line */
    [MSG_STATUS_PAGE_OF] = {{"%d из %d"}},
    [MSG_STATUS_PAGES_LEFT] = {{"Осталась %d страница", "Осталось %d страницы",
                                "Осталось %d страниц"}},

    /* menu */
    [MSG_MENU_LIBRARY] = {{"Библиотека"}},
    [MSG_MENU_SETTINGS] = {{"Настройки"}},
    [MSG_MENU_SEARCH] = {{"Поиск"}},
    [MSG_MENU_HELP] = {{"Справка"}},
    [MSG_MENU_SYNC_NOW] = {{"Синхронизировать"}},
    [MSG_MENU_NIGHT] = {{"Ночной режим"}},
    [MSG_MENU_NEXT_ARTICLE] = {{"Следующая статья"}},
    [MSG_MENU_PREV_ARTICLE] = {{"Предыдущая статья"}},
    [MSG_MENU_STAR] = {{"В избранное"}},
    [MSG_MENU_CLOSE] = {{"Закрыть"}},
    [MSG_MENU_BACK] = {{"Назад"}},

    /* settings: labels */
    [MSG_SET_FONT_SIZE] = {{"Размер шрифта"}},
    [MSG_SET_FONT_FAMILY] = {{"Шрифт"}},
    [MSG_SET_MARGINS] = {{"Поля"}},
    [MSG_SET_LINE_SPACING] = {{"Межстрочный интервал"}},
    [MSG_SET_JUSTIFY] = {{"Выравнивание по ширине"}},
    [MSG_SET_HYPHENATE] = {{"Переносы"}},
    [MSG_SET_FULL_EVERY] = {{"Полное обновление"}},
    [MSG_SET_FULL_EVERY_NIGHT] = {{"Полное обновление ночью"}},
    [MSG_SET_NIGHT] = {{"Ночной режим"}},
    [MSG_SET_ROTATION] = {{"Поворот экрана"}},
    [MSG_SET_DARKNESS] = {{"Насыщенность текста"}},
    [MSG_SET_UI_LANG] = {{"Язык интерфейса"}},
    [MSG_SET_LEFT_HANDED] = {{"Для левой руки"}},
    [MSG_SET_SYNC_EVERY] = {{"Автосинхронизация"}},
    [MSG_SET_SLEEP_AFTER] = {{"Спящий режим через"}},
    [MSG_SET_KIOSK_INTERVAL] = {{"Киоск: следующая страница через"}},
    [MSG_SET_KIOSK_IDLE] = {{"Киоск: продолжить через"}},
    [MSG_SET_KIOSK_SECTIONS] = {{"Киоск: разделы"}},
    [MSG_SET_KIOSK_DEEP_CLEAN] = {{"Киоск: глубокая очистка (часы)"}},

    /* settings: values */
    [MSG_VAL_SERIF] = {{"С засечками"}},
    [MSG_VAL_SANS] = {{"Без засечек"}},
    [MSG_VAL_ON] = {{"Вкл."}},
    [MSG_VAL_OFF] = {{"Выкл."}},
    [MSG_VAL_DEGREES] = {{"%d°"}},
    [MSG_VAL_PX] = {{"%d пикс."}},
    [MSG_VAL_PERCENT] = {{"%d %%"}},
    [MSG_VAL_EVERY_PAGES] = {{"каждую %d страницу", "каждые %d страницы", "каждые %d страниц"}},
    [MSG_VAL_EVERY_MINUTES] = {{"каждую %d минуту", "каждые %d минуты", "каждые %d минут"}},
    [MSG_VAL_NEVER] = {{"Никогда"}},
    [MSG_VAL_DEVICE_DEFAULT] = {{"Как на устройстве"}},
    [MSG_VAL_ALL_SECTIONS] = {{"Все разделы"}},

    /* search and the on-screen keyboard */
    [MSG_SEARCH] = {{"Найти"}},
    [MSG_SEARCH_PROMPT] = {{"Введите слово"}},
    [MSG_SEARCH_N_RESULTS] = {{"%d результат", "%d результата", "%d результатов"}},
    [MSG_SEARCH_NO_RESULTS] = {{"Ничего не найдено"}},
    [MSG_KEY_SPACE] = {{"Пробел"}},
    [MSG_KEY_BACKSPACE] = {{"Стереть"}},
    [MSG_KEY_ENTER] = {{"Ввод"}},
    [MSG_KEY_HIDE] = {{"Скрыть"}},
    [MSG_KBD_LATIN] = {{"Латиница"}},
    [MSG_KBD_CYRILLIC] = {{"Кириллица"}},
    [MSG_KBD_PERSIAN] = {{"Фарси"}},

    /* help */
    [MSG_HELP_KEYS] = {{"Клавиши"}},
    [MSG_HELP_TAP_ZONES] = {{"Зоны касания"}},
    [MSG_HELP_HOLD] = {{"Удержание"}},
    [MSG_HELP_SWIPE] = {{"Смахивание"}},
    [MSG_ACT_NEXT_PAGE] = {{"Следующая страница"}},
    [MSG_ACT_PREV_PAGE] = {{"Предыдущая страница"}},
    [MSG_ACT_UP] = {{"Вверх"}},
    [MSG_ACT_DOWN] = {{"Вниз"}},
    [MSG_ACT_OPEN] = {{"Открыть"}},
    [MSG_ACT_BACK] = {{"Назад"}},
    [MSG_ACT_MENU] = {{"Меню"}},
    [MSG_ACT_LARGER] = {{"Увеличить шрифт"}},
    [MSG_ACT_SMALLER] = {{"Уменьшить шрифт"}},
    [MSG_ACT_SEARCH] = {{"Поиск"}},
    [MSG_ACT_STAR] = {{"В избранное"}},
    [MSG_ACT_HELP] = {{"Справка"}},
    [MSG_ACT_ARTICLE_ACTIONS] = {{"Действия со статьёй (долгое нажатие)"}},

    /* errors */
    [MSG_ERR_LIBRARY_OPEN] = {{"Не удалось открыть библиотеку"}},
    [MSG_ERR_TRY_AGAIN] = {{"Повторить"}},
    [MSG_ERR_QUIT] = {{"Выйти"}},

    /* sleep */
    [MSG_SLEEP_TITLE] = {{"Спящий режим"}},
    [MSG_SLEEP_WAKE] = {{"Коснитесь экрана или нажмите кнопку, чтобы продолжить"}},
    [MSG_SLEEP_LAST_SYNC] = {{"Последняя синхронизация: %s"}},

    /* kiosk */
    [MSG_KIOSK_UPDATED] = {{"Обновлено %s назад"}},
    [MSG_KIOSK_PAUSED] = {{"Пауза — коснитесь, чтобы читать дальше"}},
};
