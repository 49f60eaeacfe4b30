// Say whether a support line is open now, in the line's own time zone. Words come from the page.

const WEEKDAYS = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };

/** Day of the week (1 = Monday) and "HH:MM" now in a time zone. */
export function localNow(timeZone, now = new Date()) {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat("en-GB", { timeZone, weekday: "short", hour: "2-digit", minute: "2-digit", hourCycle: "h23" })
      .formatToParts(now)
      .map((part) => [part.type, part.value]),
  );
  return { day: WEEKDAYS[parts.weekday], time: `${parts.hour}:${parts.minute}` };
}

/** Whether any of the opening hours covers now. */
export function isOpen(hours, timeZone, now = new Date()) {
  const { day, time } = localNow(timeZone, now);
  return hours.some((h) => h.days.includes(day) && h.opens <= time && time < h.closes);
}

export function init(element) {
  const status = element.querySelector(".contact-status");
  const hours = JSON.parse(element.dataset.hours || "[]");
  if (!status || !hours.length) return;
  const update = () => {
    const open = isOpen(hours, element.dataset.timezone);
    status.textContent = open ? status.dataset.open : status.dataset.closed;
    status.dataset.state = open ? "open" : "closed";
    status.hidden = false;
  };
  update();
  setInterval(update, 60_000);
}
