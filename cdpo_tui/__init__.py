"""cdpo's lab console (Textual). It never imports torch, transformers, trl, peft or datasets."""
