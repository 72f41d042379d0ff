"""Advice for photos that are too large, shared by the checker and plugins/responsive_images."""


def shrink_advice(widths):
    """How an editor on Windows makes a photo small enough: to the largest width the site uses."""
    width = max(widths)
    return (f"riducila a {width} pixel di larghezza, la misura più grande che il sito mostra. Su Windows: "
            f"aprila con Foto, «…» → «Ridimensiona immagine», larghezza {width} pixel con le proporzioni "
            f"mantenute, e salva una copia; oppure con Paint, «Ridimensiona» → «Pixel», orizzontale {width}")
