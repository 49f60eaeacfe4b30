// Live device check: browser, camera, microphone, speaker, video and connection.
// Nothing leaves the browser: no picture, no sound; the only request is a same-origin test file.
// Every word comes from the page (.dc-texts), so the script has none of its own.

const SPEED_FILE = new URL("../../device-check/speed-test.bin", import.meta.url);
const CHECKS = ["environment", "camera", "microphone", "speaker", "video", "connection"];
const AUTOMATED = ["environment", "camera", "microphone", "video", "connection"];
const ICONS = { ok: "✓", warn: "!", fail: "✕", running: "…", ask: "?" };
const VERDICT_ICONS = { running: "…", green: "✓", yellow: "!", red: "✕" };
const PATIENCE_MS = 20000; // no answer to the browser's question after this: say where to look
const SILENCE_MS = 5000;
const HEARD_RMS = 0.01;
const SLOW_MBITS = 1;
const AUTO_END_MS = 180000; // never leave the camera on by accident
const MIN_VERSION = { chrome: 120, edge: 120, firefox: 120, safari: 16 };
// Camera limits as test.webrtc.org judges a camera: its frame analysis counts a frame as frozen when it is
// (almost) identical to the one before, and it reports an error below 5 frames per second sent; the smallest
// resolution it checks is 320 × 240. Here: a picture that does not change at all for 2 seconds is frozen.
const FROZEN_MS = 2000;
const MIN_FPS = 5;
const MIN_SIZE = [320, 240];
const DEVICE_ERRORS = ["blocked", "blocked-system", "no-devices", "in-use", "device-gone", "error"];

/** Which browser this is, whether it is on the supported list, and whether it runs inside an app. */
export function browserInfo(ua) {
  const inApp = /FBAN|FBAV|Instagram|Line\/|WhatsApp|Snapchat|MicroMessenger|GSA\/|; wv\)/.test(ua);
  const match =
    /Edg\/(\d+)/.exec(ua) ? ["edge", /Edg\/(\d+)/.exec(ua)[1]]
    : /Firefox\/(\d+)/.exec(ua) ? ["firefox", /Firefox\/(\d+)/.exec(ua)[1]]
    : /Chrome\/(\d+)/.exec(ua) && !/OPR\//.test(ua) ? ["chrome", /Chrome\/(\d+)/.exec(ua)[1]]
    : /Version\/(\d+)[^ ]* .*Safari\//.exec(ua) ? ["safari", /Version\/(\d+)/.exec(ua)[1]]
    : [null, 0];
  const [name, version] = match;
  return { name, inApp, supported: Boolean(name) && Number(version) >= MIN_VERSION[name] };
}

/** Map a getUserMedia error to the key of its message. */
export function errorKey(error) {
  switch (error && error.name) {
    case "NotAllowedError":
    case "SecurityError":
    case "PermissionDeniedError":
      return /system/i.test(error.message || "") ? "blocked-system" : "blocked";
    case "NotFoundError":
    case "DevicesNotFoundError":
      return "no-devices";
    case "NotReadableError":
    case "TrackStartError":
    case "AbortError":
      return "in-use";
    case "OverconstrainedError":
      return "device-gone";
    default:
      return "error";
  }
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

class DeviceCheck {
  constructor(root) {
    this.root = root;
    this.texts = Object.fromEntries(
      [...root.querySelectorAll(".dc-texts li")].map((li) => [li.dataset.key, li.textContent.trim()]),
    );
    this.$ = (selector) => root.querySelector(selector);
    this.streams = [];
    this.timers = [];
    this.run = 0;
    root.querySelector(".dc-manual").hidden = true;
    this.$(".dc-app").hidden = false;
    this.$("[data-action=start]").addEventListener("click", () => this.start());
    this.$("[data-action=stop]").addEventListener("click", () => this.end(true));
    this.$("[data-action=tone]").addEventListener("click", () => this.playTone());
    this.$("[data-action=record]").addEventListener("click", () => this.record());
    this.$("[data-action=retry]").addEventListener("click", () => this.retry());
    for (const button of root.querySelectorAll("[data-answer]")) {
      button.addEventListener("click", () => this.answer(button));
    }
    for (const select of root.querySelectorAll("select[data-kind]")) {
      select.addEventListener("change", () => this.switchDevice(select));
    }
    if (typeof window.MediaRecorder !== "function") this.$("[data-action=record]").hidden = true;
    window.addEventListener("pagehide", () => this.release());
    window.addEventListener("offline", () => this.running && this.checkConnection());
    // Once the reader allows a blocked camera or microphone in the browser, check them again by themselves.
    for (const name of ["camera", "microphone"]) {
      navigator.permissions?.query({ name }).then(
        (permission) => permission.addEventListener("change", () => permission.state === "granted" && this.canRetry() && this.retry()),
        () => {},
      );
    }
  }

  t(key, values = {}) {
    return (this.texts[key] || "").replace(/%\((\w+)\)s/g, (_, name) => values[name] ?? "");
  }

  // --- results -------------------------------------------------------------------------------

  set(check, status, keys = [], values = {}) {
    this.status[check] = { status, messages: keys.map((key) => this.t(key, values)) };
    const item = this.items[check];
    item.dataset.status = status;
    item.querySelector(".dc-icon").textContent = ICONS[status];
    item.querySelector(".dc-state").textContent = this.t(status === "ask" ? "wait-speaker" : `state-${status}`);
    const advice = item.querySelector(".dc-advice");
    advice.replaceChildren(
      ...this.status[check].messages.map((text) => Object.assign(document.createElement("li"), { textContent: text })),
    );
    advice.hidden = !advice.children.length;
    this.updateVerdict();
  }

  updateVerdict() {
    const statuses = CHECKS.map((check) => this.status[check].status);
    const automatedDone = AUTOMATED.every((check) => this.status[check].status !== "running");
    let state = "running";
    if (statuses.includes("fail")) state = "red";
    else if (automatedDone) state = statuses.includes("warn") ? "yellow" : "green";
    if (this.root.dataset.state === state) return;
    this.root.dataset.state = state;
    this.$(".dc-verdict .dc-icon").textContent = VERDICT_ICONS[state];
    this.$(".dc-verdict-text").textContent = this.t(`verdict-${state}`);
    if (state === "yellow" || state === "red") this.addSupportHint();
  }

  addSupportHint() {
    const list = this.$(".dc-results");
    if (!list.querySelector(".dc-support")) {
      list.append(Object.assign(document.createElement("li"), { className: "dc-support", textContent: this.t("support") }));
    }
  }

  buildResults() {
    const list = this.$(".dc-results");
    list.replaceChildren();
    this.items = {};
    this.status = {};
    for (const check of CHECKS) {
      const item = document.createElement("li");
      item.dataset.check = check;
      item.innerHTML = '<span class="dc-icon" aria-hidden="true"></span> <strong></strong>: <span class="dc-state"></span><ul class="dc-advice" hidden></ul>';
      item.querySelector("strong").textContent = this.t(`check-${check}`);
      list.append(item);
      this.items[check] = item;
      this.status[check] = { status: "running", messages: [] };
    }
  }

  // --- the run ---------------------------------------------------------------------------------

  async start() {
    this.release();
    const run = ++this.run;
    this.running = true;
    this.root.dataset.state = "";
    this.buildResults();
    for (const check of CHECKS) this.set(check, check === "speaker" ? "ask" : "running");
    this.$(".dc-released").hidden = true;
    this.$("[data-action=start]").hidden = true;
    const stop = this.$("[data-action=stop]");
    stop.hidden = false;
    stop.focus();
    this.timers.push(setTimeout(() => this.end(false), AUTO_END_MS));
    try {
      this.audio = new AudioContext();
    } catch {
      this.audio = null;
    }
    this.checkConnection();
    if (!this.checkEnvironment()) {
      for (const check of ["camera", "microphone", "speaker", "video"]) this.set(check, "fail");
      return;
    }
    await this.checkMedia(run);
  }

  /** Camera, microphone and video in the browser: the part of the check that a permission or a device stops. */
  async checkMedia(run) {
    this.$("[data-action=retry]").hidden = true;
    const stream = await this.acquire({ video: true, audio: true }, ["camera", "microphone"]);
    if (run !== this.run) return;
    if (stream) {
      this.$(".dc-panels").hidden = false;
      await this.listDevices();
    }
    await Promise.all([this.checkCamera(stream), this.checkMicrophone(stream), this.checkVideo(stream)]);
  }

  canRetry() {
    return this.running && !this.$("[data-action=retry]").hidden;
  }

  /** After a blocked permission or a busy device: run only camera, microphone and video again. */
  retry() {
    if (!this.canRetry()) return;
    for (const check of ["camera", "microphone", "video"]) this.set(check, "running");
    this.checkMedia(this.run);
  }

  checkEnvironment() {
    if (!window.isSecureContext) {
      this.set("environment", "fail", ["insecure"]);
      return false;
    }
    if (!navigator.mediaDevices?.getUserMedia || typeof window.RTCPeerConnection !== "function") {
      this.set("environment", "fail", ["unsupported"]);
      return false;
    }
    const info = browserInfo(navigator.userAgent);
    const warnings = [...(info.inApp ? ["in-app"] : []), ...(info.supported ? [] : ["old-browser"])];
    this.set("environment", warnings.length ? "warn" : "ok", warnings.length ? warnings : ["ok-environment"]);
    return true;
  }

  /** getUserMedia that says where to look when the browser's question stays unanswered. */
  async ask(constraints, checks) {
    const waiting = setTimeout(() => checks.forEach((c) => this.set(c, "running", ["waiting"])), 1500);
    const patience = setTimeout(() => checks.forEach((c) => this.set(c, "warn", ["no-answer"])), PATIENCE_MS);
    try {
      const stream = await navigator.mediaDevices.getUserMedia(constraints);
      this.streams.push(stream);
      return stream;
    } finally {
      clearTimeout(waiting);
      clearTimeout(patience);
    }
  }

  /** Camera and microphone, or as much of them as there is; each failure gets its own message. */
  async acquire(constraints, checks) {
    try {
      return await this.ask(constraints, checks);
    } catch (error) {
      const key = errorKey(error);
      if (key !== "no-devices" || checks.length < 2) {
        const advice = key === "blocked" ? ["blocked", "blocked-chrome", "blocked-firefox", "blocked-safari"] : [key];
        if (DEVICE_ERRORS.includes(key) && checks.length > 1) {
          this.$("[data-action=retry]").hidden = false;
        }
        checks.forEach((check) => this.set(check, "fail", advice));
        if (key === "blocked" || key === "blocked-system" || key === "no-devices") this.set("video", "fail");
        return null;
      }
      // Something is missing: find out which, since sound alone still allows a call.
      const audio = await this.ask({ audio: true }, []).catch(() => null);
      const video = audio ? null : await this.ask({ video: true }, []).catch(() => null);
      if (audio) this.set("camera", "warn", ["no-camera"]);
      else if (video) this.set("microphone", "fail", ["no-microphone"]);
      else checks.forEach((check) => this.set(check, "fail", ["no-devices"]));
      return audio || video;
    }
  }

  async checkCamera(stream) {
    const track = stream?.getVideoTracks()[0];
    if (!track) return;
    const video = this.$(".dc-preview");
    video.srcObject = new MediaStream([track]);
    await new Promise((resolve) => {
      if (video.readyState >= 1) resolve();
      video.addEventListener("loadedmetadata", resolve, { once: true });
      setTimeout(resolve, 2000);
    });
    await video.play().catch(() => {});
    const settings = track.getSettings();
    const width = settings.width || video.videoWidth;
    const height = settings.height || video.videoHeight;
    const resolution = `${width} × ${height}`;
    this.$(".dc-resolution").textContent = resolution;
    const { frozen, fps, dark } = await this.watchFrames(video, settings.frameRate);
    if (track.readyState !== "live") return;
    const advice = dark ? ["black"] : frozen ? ["frozen"] : [];
    if (Math.max(width, height) < MIN_SIZE[0] || Math.min(width, height) < MIN_SIZE[1]) advice.push("low-resolution");
    if (!frozen && !dark && fps < MIN_FPS) advice.push("low-frame-rate");
    const values = { resolution, fps: String(Math.round(fps)) };
    this.set("camera", advice.length ? "warn" : "ok", advice.length ? advice : ["ok-camera"], values);
  }

  /** Watch the picture for FROZEN_MS: whether it never changed, how many frames a second came, whether it is black. */
  watchFrames(video, reportedFps) {
    const started = performance.now();
    let frames = 0;
    const counting = typeof video.requestVideoFrameCallback === "function";
    const count = () => {
      frames += 1;
      if (performance.now() - started < FROZEN_MS) video.requestVideoFrameCallback(count);
    };
    if (counting) video.requestVideoFrameCallback(count);
    let first = null;
    let changed = false;
    let dark = true;
    return new Promise((resolve) => {
      const timer = setInterval(() => {
        const picture = this.sample(video);
        dark = dark && picture.brightest < 24;
        if (first === null) first = picture.pixels;
        else changed = changed || picture.pixels.some((value, index) => value !== first[index]);
        const elapsed = performance.now() - started;
        if (elapsed < FROZEN_MS) return;
        clearInterval(timer);
        resolve({ frozen: !changed, dark, fps: counting ? (frames * 1000) / elapsed : reportedFps ?? MIN_FPS });
      }, 100);
      this.timers.push(timer);
    });
  }

  /** A small copy of the current picture and its brightest point (dark: covered, switched off or broken). */
  sample(video) {
    const canvas = (this.canvas ??= Object.assign(document.createElement("canvas"), { width: 64, height: 48 }));
    const context = canvas.getContext("2d", { willReadFrequently: true });
    context.drawImage(video, 0, 0, 64, 48);
    const pixels = context.getImageData(0, 0, 64, 48).data;
    let brightest = 0;
    for (let i = 0; i < pixels.length; i += 4) {
      brightest = Math.max(brightest, 0.299 * pixels[i] + 0.587 * pixels[i + 1] + 0.114 * pixels[i + 2]);
    }
    return { pixels, brightest };
  }

  async checkMicrophone(stream) {
    const track = stream?.getAudioTracks()[0];
    if (!track || !this.audio) return;
    cancelAnimationFrame(this.frame);
    this.source?.disconnect();
    this.source = this.audio.createMediaStreamSource(new MediaStream([track]));
    const analyser = this.audio.createAnalyser();
    analyser.fftSize = 1024;
    this.source.connect(analyser);
    await this.audio.resume().catch(() => {});
    const samples = new Float32Array(analyser.fftSize);
    const meter = this.$(".dc-meter");
    const bar = this.$(".dc-meter-bar");
    const started = performance.now();
    let heard = false;
    let announced = 0;
    let clipped = 0;
    let lastWord = "";
    const tick = () => {
      analyser.getFloatTimeDomainData(samples);
      let sum = 0;
      let peak = 0;
      for (const sample of samples) {
        sum += sample * sample;
        peak = Math.max(peak, Math.abs(sample));
      }
      const rms = Math.sqrt(sum / samples.length);
      const level = Math.min(100, Math.round(rms * 400));
      bar.style.transform = `scaleX(${level / 100})`;
      if (peak >= 0.99) clipped += 1;
      const now = performance.now();
      if (now - announced > 1000) {
        // Screen readers get the level once a second, and a spoken update only when it changes kind.
        announced = now;
        const word = this.t(level < 3 ? "level-silent" : level < 15 ? "level-quiet" : level < 70 ? "level-good" : "level-loud");
        meter.setAttribute("aria-valuenow", String(level));
        meter.setAttribute("aria-valuetext", word);
        if (word !== lastWord && now - started > 2000) {
          lastWord = word;
          this.$(".dc-level-text").textContent = this.t("level-now", { level: word });
        }
      }
      if (!heard && rms > HEARD_RMS) {
        heard = true;
        this.set("microphone", "ok", ["ok-microphone"]);
      }
      if (heard && clipped > 20 && !this.status.microphone.messages.length) {
        this.set("microphone", "ok", ["ok-microphone", "clipping"]);
      }
      if (!heard && now - started > SILENCE_MS && this.status.microphone.status === "running") {
        this.set("microphone", "warn", ["silent"]);
      }
      if (heard && this.status.microphone.status === "warn") this.set("microphone", "ok", ["ok-microphone"]);
      this.frame = requestAnimationFrame(tick);
    };
    tick();
  }

  /** Send video from one RTCPeerConnection to another in this page, with no ICE server: nothing leaves. */
  async checkVideo(stream) {
    let track = stream?.getVideoTracks()[0];
    if (!track) {
      const canvas = Object.assign(document.createElement("canvas"), { width: 64, height: 48 });
      const painter = canvas.getContext("2d");
      const paint = setInterval(() => painter.fillRect(0, 0, 64, 48), 100);
      this.timers.push(paint);
      const canvasStream = canvas.captureStream(10);
      this.streams.push(canvasStream);
      track = canvasStream.getVideoTracks()[0];
    }
    const sender = new RTCPeerConnection({ iceServers: [] });
    const receiver = new RTCPeerConnection({ iceServers: [] });
    this.peers = [sender, receiver];
    sender.onicecandidate = (event) => event.candidate && receiver.addIceCandidate(event.candidate).catch(() => {});
    receiver.onicecandidate = (event) => event.candidate && sender.addIceCandidate(event.candidate).catch(() => {});
    sender.addTrack(track);
    try {
      const offer = await sender.createOffer();
      await sender.setLocalDescription(offer);
      await receiver.setRemoteDescription(offer);
      const answer = await receiver.createAnswer();
      await receiver.setLocalDescription(answer);
      await sender.setRemoteDescription(answer);
      for (let tries = 0; tries < 40; tries += 1) {
        await sleep(150);
        if (receiver.connectionState === "closed") return;
        const stats = await receiver.getStats();
        for (const report of stats.values()) {
          if (report.type === "inbound-rtp" && report.kind === "video" && report.framesDecoded > 0) {
            this.set("video", "ok", ["ok-video"]);
            return;
          }
        }
      }
      this.set("video", "warn", ["video-failed"]);
    } catch {
      if (this.running) this.set("video", "warn", ["video-failed"]);
    } finally {
      sender.close();
      receiver.close();
    }
  }

  async checkConnection() {
    if (!navigator.onLine) {
      this.set("connection", "fail", ["offline"]);
      return;
    }
    try {
      const started = performance.now();
      const response = await fetch(`${SPEED_FILE.href}?t=${Date.now()}`, { cache: "no-store" });
      const bytes = (await response.arrayBuffer()).byteLength;
      const seconds = Math.max((performance.now() - started) / 1000, 0.001);
      const mbits = (bytes * 8) / seconds / 1e6;
      const speed = mbits >= 10 ? Math.round(mbits).toString() : mbits.toFixed(1);
      this.set("connection", mbits < SLOW_MBITS ? "warn" : "ok", [mbits < SLOW_MBITS ? "slow" : "ok-connection"], { speed });
    } catch {
      this.set("connection", navigator.onLine ? "warn" : "fail", [navigator.onLine ? "speed-unknown" : "offline"]);
    }
  }

  // --- what the user does ---------------------------------------------------------------------

  answer(button) {
    if (!this.running) return;
    for (const other of this.root.querySelectorAll(`[data-answer=${button.dataset.answer}]`)) {
      other.setAttribute("aria-pressed", String(other === button));
    }
    const yes = button.dataset.value === "yes";
    if (button.dataset.answer === "camera") {
      if (this.status.camera.status !== "fail") this.set("camera", yes ? "ok" : "warn", [yes ? "ok-camera" : "not-seen"], { resolution: this.$(".dc-resolution").textContent });
    } else {
      this.set("speaker", yes ? "ok" : "warn", [yes ? "ok-speaker" : "not-heard"]);
    }
  }

  playTone() {
    if (!this.running || !this.audio) return;
    this.audio.resume();
    const oscillator = this.audio.createOscillator();
    const gain = this.audio.createGain();
    const now = this.audio.currentTime;
    oscillator.frequency.value = 440;
    gain.gain.setValueAtTime(0.0001, now);
    gain.gain.exponentialRampToValueAtTime(0.25, now + 0.05);
    gain.gain.exponentialRampToValueAtTime(0.0001, now + 1.2);
    oscillator.connect(gain).connect(this.audio.destination);
    oscillator.start(now);
    oscillator.stop(now + 1.25);
  }

  async record() {
    const track = this.streams.flatMap((s) => s.getAudioTracks()).find((t) => t.readyState === "live");
    if (!track) return;
    const recorder = new MediaRecorder(new MediaStream([track]));
    const chunks = [];
    recorder.ondataavailable = (event) => chunks.push(event.data);
    const done = new Promise((resolve) => (recorder.onstop = resolve));
    const text = this.$(".dc-level-text");
    text.textContent = this.t("recording");
    recorder.start();
    await sleep(3000);
    recorder.stop();
    await done;
    const playback = this.$(".dc-playback");
    if (playback.src) URL.revokeObjectURL(playback.src);
    playback.src = URL.createObjectURL(new Blob(chunks, { type: recorder.mimeType }));
    playback.hidden = false;
    text.textContent = this.t("recorded");
  }

  async listDevices() {
    const devices = await navigator.mediaDevices.enumerateDevices().catch(() => []);
    for (const select of this.root.querySelectorAll("select[data-kind]")) {
      const own = devices.filter((device) => device.kind === select.dataset.kind);
      const current = this.streams
        .flatMap((s) => s.getTracks())
        .find((t) => t.readyState === "live" && `${t.kind}input` === select.dataset.kind)
        ?.getSettings().deviceId;
      select.replaceChildren(
        ...own.map((device, index) => {
          const label = device.label || this.t("device-label", { number: index + 1 });
          return new Option(label, device.deviceId, false, device.deviceId === current);
        }),
      );
      const output = select.dataset.kind === "audiooutput";
      // A choice of speaker only where the browser can route sound to it (setSinkId).
      select.closest(".dc-select").hidden = output ? !this.canChooseOutput() : own.length < 2;
    }
  }

  canChooseOutput() {
    return Boolean(this.audio) && typeof this.audio.setSinkId === "function";
  }

  async switchDevice(select) {
    if (!this.running) return;
    const id = select.value;
    if (select.dataset.kind === "audiooutput") {
      await this.audio?.setSinkId?.(id).catch(() => this.set("speaker", "warn", ["device-gone"]));
      return;
    }
    const isVideo = select.dataset.kind === "videoinput";
    const check = isVideo ? "camera" : "microphone";
    for (const stream of this.streams) {
      for (const track of isVideo ? stream.getVideoTracks() : stream.getAudioTracks()) track.stop();
    }
    this.set(check, "running");
    const constraints = isVideo ? { video: { deviceId: { exact: id } } } : { audio: { deviceId: { exact: id } } };
    const stream = await this.acquire(constraints, [check]);
    if (isVideo) await this.checkCamera(stream);
    else await this.checkMicrophone(stream);
  }

  // --- the end --------------------------------------------------------------------------------

  /** Stop every track, close the audio context and the peers: camera and microphone are off. */
  release() {
    const wasRunning = this.running;
    this.running = false;
    this.run += 1;
    cancelAnimationFrame(this.frame);
    this.timers.forEach((timer) => clearTimeout(timer) || clearInterval(timer));
    this.timers = [];
    for (const stream of this.streams) stream.getTracks().forEach((track) => track.stop());
    this.streams = [];
    this.peers?.forEach((peer) => peer.close());
    this.source?.disconnect();
    this.audio?.close().catch(() => {});
    this.audio = null;
    const video = this.$(".dc-preview");
    if (video) video.srcObject = null;
    return wasRunning;
  }

  end(byUser) {
    if (!this.release() && (!byUser || !this.status)) return;
    for (const check of CHECKS) {
      if (this.status?.[check]?.status === "running") this.set(check, "warn", []);
    }
    this.$(".dc-panels").hidden = true;
    this.$(".dc-released").hidden = false;
    this.$("[data-action=stop]").hidden = true;
    this.$("[data-action=retry]").hidden = true;
    const start = this.$("[data-action=start]");
    start.hidden = false;
    if (byUser) start.focus();
  }
}

export function init(root) {
  return new DeviceCheck(root);
}
