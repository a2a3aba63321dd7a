/** Calendar arithmetic on YYYY-MM-DD strings, by hand: no Date, so nothing depends on the machine. */

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

function parts(date: string): [number, number, number] | undefined {
  const m = ISO_DATE.exec(date);
  if (!m) return undefined;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  return [year, month, day];
}

/** True for a real calendar day written YYYY-MM-DD (2026-02-29 is not one). */
export function isCalendarDate(date: string): boolean {
  return parts(date) !== undefined;
}

/** The date `days` days after `date` (a valid calendar date). */
export function addDays(date: string, days: number): string {
  let [year, month, day] = parts(date) ?? [0, 1, 1];
  for (let i = 0; i < days; i++) {
    day++;
    if (day > daysInMonth(year, month)) {
      day = 1;
      month++;
      if (month > 12) {
        month = 1;
        year++;
      }
    }
  }
  const pad = (n: number, width: number): string => String(n).padStart(width, "0");
  return `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`;
}
