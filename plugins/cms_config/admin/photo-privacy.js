// Photos lose their personal data in the browser, before the editor uploads them: a
// photo from a phone carries where it was taken (GPS), when, and with what, and the
// repository is public. Of a JPEG's metadata only the orientation is kept (without it,
// a photo taken upright shows sideways); the EXIF is read and written again by piexifjs
// (npm, package-lock.json; served from /admin/ as piexif.js). The other segments that
// can carry a position or a text (XMP, IPTC, comments, the extra pictures of MPF after
// the main one) are dropped whole; the colour profile (ICC) and Adobe's segment stay.
// It works on every file chosen in any file field of the editor: the field's "change"
// event is held, the files are cleaned, and the event is sent again with the clean files.
// The content check refuses a photo that still has a GPS position (plugins/content_check/photos.py).
// Every chosen file also gets a name that no other file has: its own name, transliterated, and
// six random letters and digits («Foto Casa.JPG» → foto-casa-k3x9q2.jpg). Photos of all the news
// share a folder: with its own name, an upload of «foto.jpg» replaced another item's «foto.jpg»
// (Decap deletes the file it replaces at once, even if the entry is then not saved).
(function () {
  "use strict";
  var piexif = window.piexif;
  var ORIENTATION = piexif.ImageIFD.Orientation;
  var SOI = "\xff\xd8";
  var EOI = "\xff\xd9";
  var START_OF_SCAN = 0xda;
  var END_OF_IMAGE = 0xd9;
  // Markers kept before the image data: frames, tables, restart interval, JFIF (APP0),
  // and APP2 when it is the ICC profile, APP14 (Adobe: how to read the colours).
  function keep(marker, segment) {
    if (marker === 0xe0 || marker === 0xee) {
      return true;
    }
    if (marker === 0xe2) {
      return segment.slice(4, 16) === "ICC_PROFILE\x00";
    }
    return marker < 0xe0 && marker !== 0xfe;  // not an APPn, not a comment
  }

  function isJpeg(data) {
    return data.slice(0, 3) === "\xff\xd8\xff";
  }

  // Where the image data of a scan ends: there, 0xFF is followed only by 0x00 (a byte
  // stuffed in), a restart marker, or more 0xFF; any other marker ends it.
  function endOfScan(data, at) {
    for (;;) {
      var next = data.indexOf("\xff", at);
      if (next < 0) {
        throw new Error("JPEG incompleto");
      }
      var code = data.charCodeAt(next + 1);
      if (code === 0x00 || (code >= 0xd0 && code <= 0xd7)) {
        at = next + 2;
      } else if (code === 0xff) {
        at = next + 1;
      } else {
        return next;
      }
    }
  }

  // The JPEG without its metadata segments, and without anything after its end (MPF).
  function stripSegments(data) {
    var kept = [SOI];
    var at = 2;
    while (at + 2 <= data.length) {
      if (data.charCodeAt(at) !== 0xff) {
        throw new Error("JPEG non valido");
      }
      var marker = data.charCodeAt(at + 1);
      if (marker === 0xff) {  // fill byte
        at += 1;
        continue;
      }
      if (marker === END_OF_IMAGE) {
        kept.push(EOI);
        return kept.join("");
      }
      var end = at + 2 + (data.charCodeAt(at + 2) << 8) + data.charCodeAt(at + 3);
      if (marker === START_OF_SCAN) {
        end = endOfScan(data, end);
      }
      var segment = data.slice(at, end);
      if (keep(marker, segment)) {
        kept.push(segment);
      }
      at = end;
    }
    throw new Error("JPEG incompleto");
  }

  function withoutPersonalData(data) {
    var orientation;
    try {
      orientation = piexif.load(data)["0th"][ORIENTATION];
    } catch (error) {
      orientation = undefined;  // an EXIF piexifjs cannot read: dropped all the same
    }
    var clean = stripSegments(data);
    if (orientation && orientation !== 1) {
      var exif = { "0th": {} };
      exif["0th"][ORIENTATION] = orientation;
      clean = piexif.insert(piexif.dump(exif), clean);
    }
    return clean;
  }

  function binaryString(buffer) {
    var bytes = new Uint8Array(buffer);
    var parts = [];
    for (var at = 0; at < bytes.length; at += 0x8000) {
      parts.push(String.fromCharCode.apply(null, bytes.subarray(at, at + 0x8000)));
    }
    return parts.join("");
  }

  function toBytes(string) {
    var bytes = new Uint8Array(string.length);
    for (var at = 0; at < string.length; at++) {
      bytes[at] = string.charCodeAt(at);
    }
    return bytes;
  }

  function Refused(message) {
    this.message = message;
  }

  var LETTERS_AND_DIGITS = "abcdefghijklmnopqrstuvwxyz0123456789";

  function uniqueName(name) {
    var dot = name.lastIndexOf(".");
    var stem = dot > 0 ? name.slice(0, dot) : name;
    var extension = dot > 0 ? "." + name.slice(dot + 1).toLowerCase() : "";
    var readable = window.transliteration.slugify(stem, { lowercase: true, separator: "-" }) || "file";
    var random = window.crypto.getRandomValues(new Uint8Array(6));
    return readable + "-" + Array.prototype.map.call(random, function (byte) {
      return LETTERS_AND_DIGITS.charAt(byte % LETTERS_AND_DIGITS.length);
    }).join("") + extension;
  }

  function cleanFile(file) {
    return file.arrayBuffer().then(function (buffer) {
      var data = binaryString(buffer);
      var bytes = isJpeg(data) ? toBytes(withoutPersonalData(data)) : buffer;
      return new File([bytes], uniqueName(file.name), { type: file.type, lastModified: file.lastModified });
    });
  }

  // --- The checker's limits, when a file is chosen (rules.js, made from the content check) ---
  var RULES = window.LGNETEA_RULES;

  function megabytes(size) {
    return (size / 1000000).toFixed(1).replace(".", ",");
  }

  // What the content check would say of this photo or document (null: nothing), as a promise.
  // A field for photos (the «Foto» block: accept="image/*") takes photos only.
  function refusal(file, photosOnly) {
    var dot = file.name.lastIndexOf(".");
    var suffix = dot > 0 ? file.name.slice(dot) : "";
    if (!photosOnly && RULES.document.extensions.indexOf(suffix.slice(1).toLowerCase()) >= 0) {
      return Promise.resolve(file.size > RULES.document.maxBytes ?
        RULES.fill(RULES.document.bytes, { size: megabytes(file.size) }) : null);
    }
    if (RULES.image.suffixes.indexOf(suffix.toLowerCase()) < 0) {
      return Promise.resolve(RULES.fill(RULES.image.suffix, { suffix: suffix || "niente" }));
    }
    if (file.size > RULES.photo.maxBytes) {
      return Promise.resolve(RULES.photo.bytes);
    }
    return window.createImageBitmap(file).then(function (bitmap) {
      var width = bitmap.width;
      var height = bitmap.height;
      bitmap.close();
      return width * height > RULES.photo.maxPixels ?
        RULES.fill(RULES.photo.pixels, { width: width, height: height }) : null;
    }, function () {
      return "il file non è un'immagine leggibile (forse è danneggiato): salvatelo di nuovo come JPEG o PNG";
    });
  }

  var resent = new WeakSet();
  window.addEventListener("change", function (event) {
    var input = event.target;
    if (resent.has(event) || !(input instanceof HTMLInputElement) || input.type !== "file" || !input.files.length) {
      return;
    }
    event.stopImmediatePropagation();
    var chosen = Array.prototype.slice.call(input.files);
    var photosOnly = /image/.test(input.accept);
    Promise.all(chosen.map(function (file) { return refusal(file, photosOnly); })).then(function (refusals) {
      var refused = refusals.map(function (message, at) {
        return message && "«" + chosen[at].name + "»: " + message;
      }).filter(Boolean);
      if (refused.length) {
        throw new Refused(refused.join("\n\n"));
      }
      return Promise.all(chosen.map(cleanFile));
    }).then(function (files) {
      var transfer = new DataTransfer();
      files.forEach(function (file) { transfer.items.add(file); });
      input.files = transfer.files;
      var again = new Event("change", { bubbles: true });
      resent.add(again);
      input.dispatchEvent(again);
    }, function (error) {
      input.value = "";
      window.alert(error instanceof Refused ? "Questo file non si può caricare, il sito non lo accetterebbe.\n\n" +
        error.message : "Questa foto non si può caricare: non è un file JPEG leggibile (" + error.message + "). " +
        "Provate a salvarla di nuovo come JPEG, oppure scegliete un'altra foto.");
    });
  }, true);
}());
