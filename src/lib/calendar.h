/*
 * calendar.h - the days of the Gregorian calendar, the one check of a date that the file
 * names (filename.c), the items of a record (rules_record.c) and LIFE's periods use.
 * Inline: the item checks ask it for every date field.
 * Hidden (-fvisibility=hidden): not part of the public API.
 */
#ifndef RK_CALENDAR_H
#define RK_CALENDAR_H

#include <stdbool.h>

/* The days of month m (1-12) of year y (from 1), or 0 when there is no such month. Leap years
 * as the Gregorian calendar has them: every 4th year, but not every 100th, yet every 400th. */
static inline unsigned rk_calendar_days(unsigned y, unsigned m)
{
    static const unsigned char mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (y < 1 || m < 1 || m > 12)
        return 0;
    if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
        return 29;
    return mdays[m - 1];
}

/* Whether day d of month m of year y is a day of the calendar. */
static inline bool rk_calendar_ok(unsigned y, unsigned m, unsigned d)
{
    return d >= 1 && d <= rk_calendar_days(y, m);
}

#endif
