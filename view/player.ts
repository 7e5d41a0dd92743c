// A player for one livestream's HLS playback URL: the browser's own where it plays HLS (Safari, and Chrome
// on many systems), otherwise hls.js (its light build, bundled: nothing is loaded from a CDN). Nothing is
// fetched until the viewer presses Play.
import Hls from 'hls.js/light';

export interface Player {
  element: HTMLElement;
  stop(): void;
}

const HLS_TYPE = 'application/vnd.apple.mpegurl';

export function startPlayer(url: string, label: string, document: Document): Player {
  const element = document.createElement('div');
  element.className = 'playing';
  const video = document.createElement('video');
  video.controls = true;
  video.playsInline = true;
  video.setAttribute('aria-label', label);
  const message = document.createElement('p');
  message.className = 'muted';
  message.setAttribute('role', 'status');
  element.append(video, message);

  let hls: Hls | undefined;
  const fail = (why: string) => {
    message.textContent = `Cannot play this stream: ${why}. The host may not allow its origin; its playback URL is ${url}`;
  };
  const withLibrary = () => {
    if (!Hls.isSupported()) return fail('this browser plays no HLS');
    // No worker: a host's CSP may not allow one, and one stream does not need it.
    hls = new Hls({ enableWorker: false, lowLatencyMode: true });
    hls.on(Hls.Events.ERROR, (_event, data) => {
      if (data.fatal) {
        fail(data.details);
        hls?.destroy();
      }
    });
    hls.loadSource(url);
    hls.attachMedia(video);
    hls.on(Hls.Events.MANIFEST_PARSED, () => void video.play().catch(() => {}));
  };
  if (video.canPlayType(HLS_TYPE)) {
    // Native first; if the browser cannot after all, the library tries.
    video.addEventListener('error', () => (hls ? undefined : withLibrary()), { once: true });
    video.src = url;
    void video.play().catch(() => {});
  } else {
    withLibrary();
  }
  video.addEventListener('playing', () => {
    message.textContent = '';
  });
  return {
    element,
    stop() {
      hls?.destroy();
      video.pause();
      video.removeAttribute('src');
      video.load();
    },
  };
}
